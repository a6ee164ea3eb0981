/** Deterministic chat-length messages (5–60 words) for throughput benchmarks. */
const WORDS = (
  'the a to and of is you it that in this for not on with be are have just but so what can do was my me ' +
  'good great love terrible awful hate thanks lol game server channel voice music stream tonight tomorrow ' +
  'really very quite maybe never always anyone someone everyone help please question answer bot mod role ' +
  'update patch release bug crash fixed works broken nice cool weird funny sad happy angry tired excited'
).split(' ');

export function chatMessages(count: number, seed = 42): string[] {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  return Array.from({ length: count }, () => {
    const length = 5 + Math.floor(next() * 56);
    return Array.from({ length }, () => WORDS[Math.floor(next() * WORDS.length)]).join(' ');
  });
}
