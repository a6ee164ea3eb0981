import type { SkillCatalogue } from './en.js';
/** The skills' own refusals and notices in Japanese; command syntax (value:…, do:…, steps) stays as typed. */
export const skillsJa: SkillCatalogue = {
  'skill.imagine.licenseNotAccepted':
    '画像生成はオフです: モデル {repo} のライセンス {license}（{card}）を、このサーバーの運営者がまだ承諾していません（内容を読んだうえで IMAGINE_ACCEPT_LICENSES={license} を設定してください）',
  'skill.imagine.blockedTerm': 'そのプロンプトには、このサーバーでブロックされている語（「{term}」）が含まれています',
  'skill.imagine.cancelledByModerator': 'モデレーターがこの画像をキャンセルしました',
  'skill.imagine.cancelled': 'キャンセルされました',
  'skill.imagine.flagged':
    '画像の安全チェックがこの画像を検出しました（{label} {score}）。検出された画像はここには投稿されません。別のプロンプトかシードをお試しください',
  'skill.imagine.noSafetyCheck': 'このサーバーには画像の安全チェックが設定されていません',
  'skill.imagine.flaggedModeratorsOnly': '検出された画像の扱いを変更できるのはモデレーターだけです',
  'skill.imagine.allowAgeRestrictedOnly':
    '「allow」は年齢制限のあるチャンネル専用です。ここでは refuse か spoiler を選んでください',
  'skill.imagine.noPrompt': '描く画像を説明してください',
  'skill.imagine.stepsTurbo': 'このモデルでは steps は {min, number}〜{max, number} にしてください',
  'skill.imagine.cancelNotOwner': 'この画像をキャンセルできるのは、依頼した本人かモデレーターだけです。',
  'skill.imagine.cancelGone': 'その画像はすでに完成したか、キャンセルされています。',
  'skill.imagine.tooOldForButtons': 'その画像は古すぎてボタンが使えません。もう一度 /imagine を実行してください',
  'skill.imagine.cannotDelete': 'ここではボットが自分のメッセージを削除できません',
  'skill.imagine.deleteNotOwner': 'この画像を削除できるのは、依頼した本人かモデレーターだけです',
  'skill.imagine.dailyQuota':
    '今日はすでに {quota, plural, other {#枚}}の画像を作成しました。上限は 00:00 UTC にリセットされます（あと {wait}）。',
  'skill.imagine.onTheWay':
    'すでに {count, plural, other {#枚}}の画像を作成中です（{position, select, 0 {実行中} other {待ち行列の {position} 番目}}）。完了してからもう一度お試しください（あと約 {wait}）。',
  'skill.imagine.promptTooLong': 'プロンプトが {maximum} 文字を超えています',
  'skill.imagine.seedRange': 'seed は 0〜4294967295 にしてください',
  'skill.imagine.wholePixels': '幅と高さはピクセル数の整数で指定してください',
  'skill.imagine.queued': '⏳ 待ち行列の {position} 番目です（あと約 {wait}）',
  'skill.imagine.drawing': '🎨「{prompt}」を描いています…',
  'skill.imagine.cancelButton': 'キャンセル',
  'skill.imagine.cancelledNotice': 'キャンセルしました。',
  'skill.imagine.deleted': '削除しました。',
  'skill.imagine.flaggedSet':
    '設定しました: {policy, select, refuse {安全分類器が検出した画像はここには投稿されず、依頼した人に理由が伝えられます} spoiler {安全分類器が検出した画像はここではスポイラー付きで投稿されます} other {安全分類器が検出した画像もここではそのまま投稿されます（このチャンネルは年齢制限付きです）}}。',
  'skill.transcribe.autoModeratorsOnly': '自動文字起こしの設定を変更できるのはモデレーターだけです',
  'skill.transcribe.noAudio':
    '文字起こしするボイスメッセージや音声ファイルがありません。ファイルを添付するか、音声のあるメッセージで「文字起こし」を使ってください',
  'skill.transcribe.cannotFetch': 'ここからは {name} を取得できません',
  'skill.transcribe.noTranslator': '他の言語への翻訳は設定されていません',
  'skill.transcribe.tooLong': '{name} の長さは {length} です。文字起こしできるのは {max} までです',
  'skill.transcribe.tooLarge': '{name} は {size, number} MiB です。受け付けるファイルは {max, number} MiB までです',
  'skill.transcribe.transcriptGone': 'その文字起こしはもう保存されていません。もう一度音声を文字起こししてください',
  'skill.transcribe.unsupportedFile':
    '{name} は文字起こしできる音声ではありません。Ogg/Opus、WebM、M4A/AAC、MP3、WAV、FLAC の音声を送ってください',
  'skill.transcribe.damagedFile': '{name} をデコードできませんでした。ファイルが壊れているか途中で切れています',
  'skill.transcribe.tooLongDecoded': '{name} は文字起こしできる上限の {max} より長いです',
  'skill.transcribe.attachAudio': '音声ファイルを添付してください',
  'skill.transcribe.languageCode': 'language は en、de、ja のようなコード（または auto）にしてください',
  'skill.transcribe.translateCode': 'translate は fr や en のような言語コードにしてください',
  'skill.transcribe.noSpeech': '🔇 **{name}**（{length}）では音声が聞き取れませんでした。',
  'skill.transcribe.autoSet':
    '✅ 自動文字起こし: {mode, select, voice {ここではボイスメッセージと音声クリップを自動で文字起こしします。その他の音声ファイルはリクエストに応じて} all {ここに投稿されたすべてのボイスメッセージと音声ファイルを自動で文字起こしします} other {ここでは何も自動で文字起こししません。/transcribe と「文字起こし」アクションは引き続き使えます}}。',
  'skill.transcribe.summaryHeader': '**文字起こしの要約**',
  'skill.transcribe.transcriptHeader': '**文字起こし** · {language}',
  'skill.transcribe.translationHeader': '**翻訳: {into}**（原文: {language}）',
  'skill.transcribe.transcribedBefore': '文字起こし済み',
  'skill.transcribe.cutWindows':
    '⚠️ {count, plural, other {# か所}}がモデルの処理できる長さを超えていたため、末尾が欠けている可能性があります。',
  'skill.transcribe.summarize': '要約する',
  'skill.transcribe.moreInFiles': '…*（残り {count, number} 文字: タイムスタンプ付きの全文は添付ファイルにあります）*',
  'skill.summarize.noText': '要約するテキストを指定してください',
  'skill.summarize.noHistory': 'ここでは会話を読めません。代わりに要約するテキストを送ってください',
  'skill.summarize.noThread':
    'ここにはスレッドがありません。スレッド内で使うか（スレッド内のメッセージで「スレッドを要約」も使えます）、channel を選んでください',
  'skill.summarize.nothing':
    '{where, select, thread {このスレッド} other {このチャンネル}}にはまだ要約するメッセージがありません。',
  'skill.summarize.textTooLong': 'テキストが {maximum} 文字を超えています',
  'skill.moderation.roleGateSyntax':
    'role-gate にはコマンドとそれを使えるロールを指定します。例: value:"imagine @Artists"（ロールのメンションまたは ID）。全員に戻すには value:"imagine off"',
  'skill.moderation.roleIsUserOrChannel':
    '{token} はユーザーかチャンネルで、ロールではありません。role-gate にはコマンドとそれを使えるロールを指定します。例: value:"imagine @Artists"（ロールのメンションまたは ID）。全員に戻すには value:"imagine off"',
  'skill.moderation.notRole':
    '「{token}」はロールのメンションでも ID でもありません。role-gate にはコマンドとそれを使えるロールを指定します。例: value:"imagine @Artists"（ロールのメンションまたは ID）。全員に戻すには value:"imagine off"',
  'skill.moderation.gateUnknownCommand':
    '「{command}」というコマンドはありません。制限できるのは次のコマンドです: {known}',
  'skill.moderation.neverGated': '/{command} は全員に開かれたままで、制限できません',
  'skill.moderation.slackNoRoles': 'Slack にはロールがないため、コマンドをロールで制限できません',
  'skill.moderation.notDuration':
    '「{text}」は期間ではありません。数字と m、h、d を続けて書いてください（10m、2h、1d）',
  'skill.moderation.timeoutTooShort': '「{text}」のタイムアウトは短すぎます。1m 以上を指定してください',
  'skill.moderation.timeoutTooLong': '「{text}」のタイムアウトは Discord の上限である 28 日（28d）を超えています',
  'skill.moderation.durationNotTimeout': '「{text}」: 期間を指定できるのはタイムアウトだけです',
  'skill.moderation.notStep':
    '「{text}」はラダーのステップではありません。warn、timeout、timeout:10m、kick、ban のいずれかを使ってください',
  'skill.moderation.ladderSyntax':
    'ラダーは「ポイント ステップ」をカンマで区切って並べたものです。例: "3 timeout:10m, 5 timeout:1d, 8 kick"（ステップ: warn, timeout, timeout:\'<n>\'m|h|d, kick, ban）。または "default" か "off"',
  'skill.moderation.ladderEntry':
    '「{entry}」: ラダーは「ポイント ステップ」をカンマで区切って並べたものです。例: "3 timeout:10m, 5 timeout:1d, 8 kick"（ステップ: warn, timeout, timeout:\'<n>\'m|h|d, kick, ban）。または "default" か "off"',
  'skill.moderation.needsValue': '「{what}」には値が必要です',
  'skill.moderation.thresholdSyntax': 'threshold には "ラベル flag remove" を指定します。スコアは 0〜1（なしは "-"）',
  'skill.moderation.actionSyntax': 'action には "flag|remove" と、次のアクションを指定します: {actions}',
  'skill.moderation.pointsTtlSyntax': 'points-ttl には 1〜3650 の日数を指定します。例: value:30',
  'skill.moderation.moderatorMessagesSyntax':
    'moderator-messages には record（ケースを記録、アクションなし）、ignore（ケースなし）、act（他の人と同じ扱い）のいずれかを指定します',
  'skill.moderation.caseNumberSyntax': '{what} にはケース番号を指定します。例: value:12',
  'skill.moderation.warnSyntax':
    'warn にはユーザー（メンションまたは ID）と、その人が読む理由を続けて指定します。例: value:"<@123> スパムリンクの投稿"',
  'skill.moderation.warnNotUser':
    'warn にはユーザー（メンションまたは ID）と、その人が読む理由を続けて指定します。例: value:"<@123> スパムリンクの投稿"。「{token}」はユーザーではありません',
  'skill.moderation.warnSelf': '自分自身に警告することはできません',
  'skill.moderation.warnModerator': '<@{user}> はここのモデレーターで、モデレーターには警告できません',
  'skill.moderation.noCase': 'ケース #{number} はありません',
  'skill.moderation.moderatorsOnly': 'それができるのはモデレーターだけです',
  'skill.moderation.otherServer': 'そのケースは別のサーバーのものです',
  'skill.moderation.tunedUnavailable': 'このサーバーでは調整済みの分類器を使えません',
  'skill.moderation.tunedSyntax':
    'tuned には train、shadow、live、off のいずれか（表示するだけなら何も指定しない）を指定します',
  'skill.moderation.ruleTooLong': 'ルールは {max} 文字までです',
  'skill.moderation.tooManyRules': 'ポリシーのルールは {max} 個までです',
  'skill.moderation.noRule': 'ルール {id} はありません。do:rule で一覧を表示できます',
  'skill.moderation.ruleThresholdSyntax': 'threshold には 0〜1 のスコアを 1 つ指定します。例: "2 threshold 0.8"',
  'skill.moderation.ruleActionsSyntax': 'actions には次のアクションを指定します: {actions}',
  'skill.moderation.ruleChangeSyntax':
    'ルールの変更は "\'<n>\' threshold 0.8"、"\'<n>\' actions …"、"\'<n>\' live"、"\'<n>\' dry-run"、"\'<n>\' remove" のいずれかで行います',
  'skill.moderation.previewSyntax': 'rule-preview にはルール番号を指定します。do:rule で一覧を表示できます',
  'skill.moderation.previewNoRule': 'rule-preview にはルール番号を指定します。ルール {id} はありません',
  'skill.moderation.noNli': 'ここではルールを評価できません。NLI モデルが設定されていません',
  'skill.moderation.previewNoHistory':
    'ここではこのチャンネルのメッセージを読めません。チャットでルールを試してください',
  'skill.moderation.noCaseToAppeal': '異議を申し立てられるケース #{number} はありません',
  'skill.moderation.dmFlagged':
    '<#{channel}> でのあなたのメッセージは、サーバーのモデレーションにより{verdict, select, remove {削除} other {フラグ付け}}されました（ケース #{number}: {reasons}）。',
  'skill.moderation.dmWarned': '<#{channel}> でモデレーターから警告を受けました（ケース #{number}）: {text}',
  'skill.moderation.dmAppealHint': '誤りだと思う場合は異議を申し立てることができ、モデレーターが確認します。',
  'skill.moderation.appealButton': '異議を申し立てる',
  'skill.moderation.dmPardoned':
    'モデレーターがケース #{number}（<#{channel}>）を取り消しました。その警告ポイントはもう数えられません。',
  'skill.moderation.dmAppealDecided':
    'ケース #{number} への異議は{approved, select, yes {認められました。ケースは取り消され、ポイントも削除されました} other {却下されました。ケースはそのまま残ります}}。',
  'skill.moderation.reportHeader':
    '**ケース #{number}** · <#{channel}> の <@{user}> · **{verdict}**{dryRun, select, yes {（ドライラン）} other {}}',
  'skill.moderation.reportRule': 'ルール: {rule}',
  'skill.moderation.reportByModerator': '<@{user}> によるモデレーター操作',
  'skill.moderation.reportModel': 'モデル: {models}',
  'skill.moderation.reportLanguage': '言語: {language}',
  'skill.moderation.reportState': '措置: {actions} · ポイント: {points} · 状態: {status}',
  'skill.moderation.reportNone': 'なし',
  'skill.moderation.reportAppeal': '異議: {text}',
  'skill.moderation.reportDecided': '<@{user}> が判断',
  'skill.moderation.reportPardoned': '<@{user}> が取り消し: このポイントはもう数えられません',
  'skill.moderation.approveAppeal': '異議を認める',
  'skill.moderation.denyAppeal': '異議を却下',
  'skill.moderation.hiddenImage':
    '<@{user}> が投稿した画像。モデレーションによりスポイラーで隠されました（ケース #{number}）。',
  'skill.moderation.casesCount': '{count, plural, =0 {ケースはありません。} other {# 件のケース}}',
  'skill.moderation.casesPoints': '<@{user}> の現在有効な警告ポイント: {points, plural, other {#}}',
  'skill.moderation.policyHeader':
    '{scope, select, server {このサーバー} other {このチャンネル}}のモデレーション: **{enabled, select, yes {オン} other {オフ}}**{dryRun, select, yes {（ドライラン: ケースのみ、措置なし）} other {}}',
  'skill.moderation.policyModels': 'モデル: {models} · しきい値（フラグ/削除）: {thresholds}',
  'skill.moderation.policyActions': 'フラグ時: {flag} · 削除時: {remove} · タイムアウト: {timeout}',
  'skill.moderation.policyModChannel':
    'モデレーター用チャンネル: {channel} · 除外ロール: {roles} · 除外チャンネル: {channels}',
  'skill.moderation.policyReportPing': '{channel}（報告で {roles} に通知）',
  'skill.moderation.policyNotSet': '未設定',
  'skill.moderation.policyPoints':
    '警告ポイント: フラグ {flag}、削除 {remove}、手動警告 {warn}。{days, plural, other {#日}}後に失効',
  'skill.moderation.policyLadder': '段階: {ladder}',
  'skill.moderation.policyNone': 'なし',
  'skill.moderation.policyTimeoutFor': '{duration}のタイムアウト',
  'skill.moderation.duration':
    '{unit, select, day {{n, plural, other {#日}}} hour {{n, plural, other {#時間}}} other {{n, plural, other {#分}}}}',
  'skill.moderation.policyModeratorMessages':
    'モデレーターのフラグ付きメッセージ: {mode, select, record {「未対応: モデレーター」のケースとして記録} ignore {無視} other {他の人と同じく対処}}',
  'skill.moderation.policyGates': 'ロール制限: {gates}',
  'skill.moderation.policyNoGates': 'なし（全員がすべてのコマンドを使えます）',
  'skill.moderation.warnedCase':
    'ケース #{number}: <@{user}> に警告しました（{points, plural, other {# ポイント}}、現在 {total, number} ポイントが有効）。アクション: {actions}',
  'skill.moderation.caseAlreadyDecided':
    'ケース #{number} はすでに決定済みです（{status, select, upheld {維持} other {取り消し}}）。',
  'skill.moderation.appealDecidedBy':
    'ケース #{number}: <@{moderator}> が異議を{approved, select, yes {認めました} other {却下しました}}。',
  'skill.moderation.caseAlreadyPardoned': 'ケース #{number} はすでに <@{moderator}> が取り消しています。',
  'skill.moderation.casePardoned':
    'ケース #{number} を取り消しました。そのポイントはもう数えられません（<@{user}> の有効ポイントは現在 {total, number}）。',
  'skill.moderation.alreadyDecided':
    'ケース #{number} はすでに{status, select, appealed {異議申し立て中} upheld {維持} overturned {取り消し} dismissed {却下} other {{status}}}です',
  'skill.moderation.appealTitle': 'ケース #{number} に異議を申し立てる',
  'skill.moderation.appealQuestion': 'モデレーターに見直してほしい理由は？',
  'skill.moderation.appealSent':
    'ケース #{number} への異議申し立てをモデレーターに送りました。結果はここでお知らせします。',
  'skill.kb.moderatorsOnly': 'ナレッジベースを変更できるのはモデレーターだけです',
  'skill.kb.noDocument': '{collection} にドキュメント {document} はありません',
  'skill.kb.noCollection':
    'コレクション「{collection}」はありません（/kb do:collections で一覧表示、/kb do:add で作成できます）',
  'skill.kb.importChatOnly': '会話はチャットからしかインポートできません',
  'skill.kb.importNoThread': 'スレッド内で実行するか、from:channel でインポートしてください',
  'skill.kb.importNothing':
    '{where, select, thread {このスレッド} other {このチャンネル}}にはテキストのあるメッセージがありません',
  'skill.kb.collectionName': 'コレクション名は 1〜64 文字の英数字、- または _ です',
  'skill.kb.documentEmpty': 'ドキュメントが空です',
  'skill.kb.noDocumentGiven': 'ドキュメントをテキスト、ファイル、URL のいずれかで指定してください',
  'skill.kb.reading': '{source, select, unnamed {ファイル} other {{source}}} を読み込んでいます…',
  'skill.kb.documentUnreadable':
    '{source, select, unnamed {ドキュメント} other {{source}}} を読み取れませんでした。空であるか、破損しているか、テキストが含まれていません',
  'skill.kb.documentTooLarge':
    '{source, select, unnamed {ドキュメント} other {{source}}} はナレッジベースが受け付けるサイズを超えています',
  'skill.kb.documentUnsupported':
    '{source, select, unnamed {ドキュメント} other {{source}}} は読み取れる形式ではありません。PDF、HTML、Markdown、テキストのいずれかのファイルを送ってください',
  'skill.kb.documentRefused':
    '{source, select, unnamed {ドキュメント} other {{source}}} はここから取得できません。取得できるのは公開されたウェブアドレスとプラットフォーム自身のファイルだけです',
  'skill.kb.documentUnavailable':
    '{source, select, unnamed {ドキュメント} other {{source}}} を今は取得できませんでした。あとでもう一度お試しください',
  'skill.kb.documentNotFound':
    '{source, select, unnamed {ドキュメント} other {{source}}} は見つかりませんでした。そのアドレスにはページもファイルもありません',
  'skill.ask.answerGone': 'その回答はもう保存されていません',
  'skill.ask.channelNotAllowed': 'このチャンネルからはコレクション「{collection}」に質問できません',
  'skill.ask.noQuestion': '質問を入力してください',
  'skill.ask.rated':
    'ありがとうございます。{vote, select, helpful {役に立った} other {役に立たなかった}}として記録しました（役に立った: {helpful}、役に立たなかった: {notHelpful}）。',
  'skill.describe.autoModeratorsOnly': '画像の自動説明の設定を変更できるのはモデレーターだけです',
  'skill.describe.noImage':
    '説明する画像がありません。画像を添付するか、画像のあるメッセージで「画像を説明」を使ってください',
  'skill.describe.tooLarge': '{name} は {size, number} MiB です。受け付ける画像は {max, number} MiB までです',
  'skill.describe.cannotFetch': 'ここからは {name} を取得できません',
  'skill.describe.unsupportedFile':
    '{name} は読み取れる画像ではありません。PNG、JPEG、GIF、WebP、AVIF、TIFF の画像を送ってください',
  'skill.describe.damagedFile': '{name} をデコードできませんでした。ファイルが壊れているか途中で切れています',
  'skill.describe.tooManyPixels': '{name} はピクセル数が多すぎて確認できません',
  'skill.describe.attachImage': '画像を添付してください',
  'skill.describe.autoSet':
    '✅ 画像の自動説明: {mode, select, alt {ここに説明なしで投稿された画像には、機械が書いた短い説明が付きます} other {ここに投稿された画像は自動では説明されません。/describe と「画像を説明」アクションは引き続き使えます}}。',
  'skill.translate.autoModeratorsOnly': '自動翻訳の設定を変更できるのはモデレーターだけです',
  'skill.translate.emptyText': 'テキストが空です',
  'skill.translate.undetermined': '何語で書かれているか判別できませんでした。`from` で指定してください',
  'skill.translate.languageCode': '言語は de、fr、ja のようなコードで指定してください',
  'skill.translate.textNotString': 'text は文字列にしてください',
  'skill.translate.textTooLong': 'テキストが {maximum} 文字を超えています',
  'skill.sentiment.textNotString': 'text は文字列にしてください',
  'skill.sentiment.textEmpty': 'テキストが空です',
  'skill.sentiment.textTooLong': 'テキストが {maximum} 文字を超えています',
  'skill.classify.labelNotString': 'ラベルはそれぞれ文字列にしてください',
  'skill.classify.labelEmpty': '空のラベルがあります',
  'skill.classify.labelTooLong': 'ラベルが {maximum} 文字を超えています',
  'skill.classify.noLabels': 'ラベルを 1 つ以上指定してください',
  'skill.classify.tooManyLabels': 'ラベルは {maximum} 個までにしてください',
  'skill.classify.sameLabels': 'ラベルはそれぞれ異なるものにしてください',
  'skill.entities.noNames': '名前は見つかりませんでした:\n> {text}',
  'skill.models.none': 'このサーバーにはモデルが設定されていません。',
  'skill.summarize.headerThread': '**このスレッドの要約**（{count, plural, other {# 件のメッセージ}}）',
  'skill.summarize.headerChannel': '**このチャンネルの直近 {count, plural, other {# 件のメッセージ}}の要約**',
  'skill.summarize.headerText': '{parts, plural, one {**要約**} other {**要約**（# 回に分けて読み込み）}}',
  'skill.ask.sources': '**出典**',
  'skill.ask.helpful': '👍 役に立った',
  'skill.ask.notHelpful': '👎 役に立たなかった',
  'skill.describe.header': '🖼️ **画像の説明**（機械による生成）· {name} · {size}',
  'skill.describe.noCaption': '（キャプションなし）',
  'skill.describe.looksLike': '**見たところ:** {labels, select, none {知っているものはありません} other {{labels}}}',
  'skill.describe.objects': '**物体:** {objects, select, none {見つかりませんでした} other {{objects}}}',
  'skill.describe.boxesAlt':
    'ボットが描いた枠（機械による生成）: {objects, select, none {物体は見つかりませんでした} other {{objects}}}',
  'skill.imagine.caption': '🎨「{prompt}」· シード {seed} · {size} · {steps, plural, other {# ステップ}}',
  'skill.imagine.flaggedNote': '⚠️ 画像の安全チェックでフラグが付きました（{note}）',
  'skill.imagine.infoPrompt': '**プロンプト:** {prompt}',
  'skill.imagine.infoSettings': '**シード:** {seed} · **サイズ:** {size} · **ステップ:** {steps}',
  'skill.imagine.infoModel': '**モデル:** {model} · **ライセンス:** {license}',
  'skill.imagine.infoDecoder': '**デコーダー:** {decoder} (TAESD) · **ライセンス:** {license}',
  'skill.imagine.infoOwnDecoder': '**デコーダー:** モデル自身の VAE',
  'skill.imagine.infoSafetyFlagged': '**安全チェック:** {model}: フラグあり（{note}）',
  'skill.imagine.infoSafetyPassed': '**安全チェック:** {model}: 問題なし',
  'skill.imagine.reroll': '🎲 もう一度',
  'skill.imagine.infoButton': 'ℹ️ 情報',
  'skill.imagine.deleteButton': '🗑️ 削除',
  'skill.classify.header': '**分類結果**（{multi, select, yes {ラベルごとに独立} other {ラベル全体で1つの分布}}）',
};
