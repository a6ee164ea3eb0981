// The playground's frame: the API key, the tabs, which skills this server has; each panel lives in its own module.

import { initModels, initModeration } from './admin.js';
import { ApiError, apiKey, getJson } from './api.js';
import { initAsk } from './ask.js';
import { initDescribe } from './describe.js';
import { byId, h } from './dom.js';
import { initImagine } from './imagine.js';
import { initKb } from './kb.js';
import { showError } from './panel.js';
import { initModerate, initSummarize } from './summary.js';
import { initClassify, initEntities, initSentiment } from './text.js';
import { initTranslate } from './translate.js';
import { initTranscribe } from './voice.js';

const tabs = [...document.querySelectorAll('[role="tab"]')];
const onShow = new Map();

function panelOf(tab) {
  return byId(tab.getAttribute('aria-controls'));
}

function select(tab, { focus = false } = {}) {
  for (const other of tabs) {
    const selected = other === tab;
    other.setAttribute('aria-selected', String(selected));
    other.tabIndex = selected ? 0 : -1;
    panelOf(other).hidden = !selected;
  }
  if (focus) tab.focus();
  const skill = tab.dataset.skill;
  if (location.hash !== `#${skill}`) history.replaceState(null, '', `#${skill}`);
  onShow.get(skill)?.();
}

function initTabs() {
  for (const tab of tabs) {
    tab.addEventListener('click', () => select(tab));
    tab.addEventListener('keydown', (event) => {
      const at = tabs.indexOf(tab);
      const next = {
        ArrowRight: tabs[(at + 1) % tabs.length],
        ArrowLeft: tabs[(at - 1 + tabs.length) % tabs.length],
        Home: tabs[0],
        End: tabs[tabs.length - 1],
      }[event.key];
      if (!next) return;
      event.preventDefault();
      select(next, { focus: true });
    });
  }
  const fromHash = () => tabs.find((t) => `#${t.dataset.skill}` === location.hash);
  addEventListener('hashchange', () => {
    const tab = fromHash();
    if (tab) select(tab);
  });
  select(fromHash() ?? tabs[0]);
}

/** Checks the key against GET /v1/skills and marks the panels whose skill this server does not offer. */
async function connect() {
  const status = byId('key-status');
  status.classList.remove('ok', 'bad');
  if (!apiKey.get()) {
    status.textContent = 'No key saved yet: enter one of the API keys the operator configured (API_KEYS).';
    return;
  }
  status.textContent = 'Checking the key…';
  try {
    const me = await getJson('/v1/keys/me');
    const who =
      me.kind === 'operator'
        ? 'an operator key (every tenant, every scope)'
        : `a key of tenant ${me.tenant}, with the scopes ${me.scopes.join(', ')}`;
    const { skills } = await getJson('/v1/skills');
    const names = new Set(skills.map((s) => s.name));
    status.textContent = `Connected with ${who}: this server offers ${skills.length} skills. The key is saved in this browser.`;
    status.classList.add('ok');
    for (const tab of tabs) {
      const note = panelOf(tab).querySelector('.unavailable');
      const missing = !names.has(tab.dataset.skill);
      note.hidden = !missing;
      note.textContent = missing ? `This server does not offer the "${tab.dataset.skill}" skill.` : '';
    }
    const current = tabs.find((t) => t.getAttribute('aria-selected') === 'true');
    if (current) onShow.get(current.dataset.skill)?.();
  } catch (error) {
    status.replaceChildren(
      h('strong', { text: 'The key was not accepted: ' }),
      error instanceof ApiError ? error.message : String(error),
    );
    status.classList.add('bad');
  }
}

function initKey() {
  const form = byId('key-form');
  const input = byId('api-key');
  input.value = apiKey.get();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (key) apiKey.set(key);
    else apiKey.clear();
    void connect();
  });
  byId('forget-key').addEventListener('click', () => {
    apiKey.clear();
    input.value = '';
    input.focus();
    void connect();
  });
  void connect();
  if (!apiKey.get()) input.focus();
}

/** Example buttons fill their panel's text field. */
function initExamples() {
  for (const group of document.querySelectorAll('.examples')) {
    const target = byId(group.dataset.target);
    for (const button of group.querySelectorAll('[data-example]')) {
      button.addEventListener('click', () => {
        target.value = button.dataset.example;
        target.focus();
      });
    }
  }
}

/** Anything that slips through a panel's own handling still reaches the person, in the visible panel. */
function initLastResort() {
  addEventListener('unhandledrejection', (event) => {
    const panel = document.querySelector('.panel:not([hidden])');
    const error = panel?.querySelector('.error');
    if (error) showError(error, event.reason ?? new Error('something went wrong'));
  });
}

initSentiment();
initEntities();
initClassify();
initTranslate();
initTranscribe();
initAsk();
initImagine();
initDescribe();
initSummarize();
initKb();
initModerate();
initModeration();
onShow.set('models', initModels());
initExamples();
initLastResort();
initTabs();
initKey();
document.documentElement.dataset.ready = 'true';
