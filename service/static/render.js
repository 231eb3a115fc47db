// Turning an analysis into what the page shows: the view's records, speaker figures, colours and the article
// with its quotations as <mark> elements. Every string from the response reaches the DOM as a text node or an
// attribute value, never as markup.

// The service's offsets count Unicode code points; JavaScript strings index UTF-16 units, so an emoji before a
// quote would shift every later highlight. All slicing goes through this array.
export function codePoints(text) {
  return Array.from(text);
}

// Light tints, each with a contrast above 12:1 against the marks' near-black text (#111).
const PALETTE = [
  "#ffd966", "#9fd3ff", "#b9e8a5", "#ffb3c1", "#d5c2ff", "#ffc891",
  "#8ee6d8", "#f2b8ff", "#d9e48a", "#c7d0db", "#ffbfa3", "#a9c9ff",
];

// Past the palette, hues spread by the golden angle at a lightness that keeps the same contrast.
export function speakerColour(index) {
  if (index < PALETTE.length) return PALETTE[index];
  const hue = Math.round((index * 137.508) % 360);
  return `hsl(${hue} 75% 82%)`;
}

// Colours follow the order of the response's speakers, so hiding some never repaints the others.
export function colourMap(speakers) {
  const colours = new Map();
  speakers.forEach((s, i) => colours.set(s.entity, speakerColour(i)));
  return colours;
}

const WORD = /[\p{L}\p{N}]+(?:['’.\-][\p{L}\p{N}]+)*/gu;

export function wordCount(text) {
  return (text.match(WORD) || []).length;
}

// The records the view shows: `view` is {minConfidence, unattributed, beliefs, speaker}; speaker null = all.
export function visibleRecords(attributions, view, { ignoreSpeaker = false } = {}) {
  return attributions.filter((a) => {
    if (a.confidence < view.minConfidence) return false;
    if (!a.speaker && !view.unattributed) return false;
    if (a.type === "belief" && !view.beliefs) return false;
    if (!ignoreSpeaker && view.speaker !== null && (a.speaker ? a.speaker.entity : "") !== view.speaker) return false;
    return true;
  });
}

// Whether records fetched with `fetched` options hold everything `view` asks for (else the API is asked again).
export function canDerive(fetched, view) {
  return (
    view.minConfidence >= fetched.min_confidence &&
    (!view.unattributed || fetched.include_unattributed) &&
    (!view.beliefs || fetched.include_beliefs)
  );
}

// One row per speaker of `records` (and one for the unattributed ones), with the role the records carry
// (the service gives every record of an entity its best role), quote and word counts and the share of words.
export function speakerStats(records, speakers) {
  const byEntity = new Map(speakers.map((s) => [s.entity, s]));
  const rows = new Map();
  let total = 0;
  for (const a of records) {
    const key = a.speaker ? a.speaker.entity : "";
    let row = rows.get(key);
    if (!row) {
      const entity = byEntity.get(key);
      const role = a.role || (entity && entity.roles[0]) || { title: null, affiliation: null };
      row = {
        entity: key,
        name: a.speaker ? a.speaker.name : "No speaker found",
        kind: a.speaker ? a.speaker.kind : "",
        title: role.title,
        affiliation: role.affiliation,
        quotes: 0,
        words: 0,
        share: 0,
      };
      rows.set(key, row);
    }
    const words = wordCount(a.quote.text);
    row.quotes += 1;
    row.words += words;
    total += words;
  }
  const out = [...rows.values()];
  for (const row of out) row.share = total ? row.words / total : 0;
  // Most quoted first; the unattributed row last.
  out.sort((x, y) => (x.entity === "") - (y.entity === "") || y.words - x.words || y.quotes - x.quotes ||
    x.name.localeCompare(y.name));
  return { rows: out, totalWords: total };
}

export function roleText(role) {
  if (!role) return "";
  return [role.title, role.affiliation].filter(Boolean).join(", ");
}

export function percent(x) {
  return `${Math.round(x * 100)}%`;
}

// What a screen reader hears after a quotation, and what the tooltip shows.
export function describe(a, index, count) {
  const who = a.speaker ? a.speaker.name : "no speaker found";
  const role = roleText(a.role);
  const parts = [`Quotation ${index} of ${count}, ${a.type}, by ${who}`];
  if (role) parts.push(role);
  if (a.cue) parts.push(`cue “${a.cue.text}”`);
  parts.push(`confidence ${percent(a.confidence)}`);
  return parts.join("; ") + ".";
}

// Lays spans over the text as properly nested elements. `items` are {start, end, rank, ...}; `open(item,
// first)` makes the element for (a fragment of) an item. Items that overlap without nesting are split into
// fragments where they cross, so the DOM stays a tree whatever the offsets.
export function layOut(container, text, items, open) {
  const cps = codePoints(text);
  const valid = items.filter((it) => Number.isInteger(it.start) && Number.isInteger(it.end) &&
    it.start >= 0 && it.end <= cps.length && it.start < it.end);
  const order = (x, y) => x.start - y.start || y.end - x.end || x.rank - y.rank || x.seq - y.seq;
  valid.forEach((it, i) => { it.seq = i; it.fragments = 0; });
  const bounds = [...new Set([0, cps.length, ...valid.flatMap((it) => [it.start, it.end])])].sort((x, y) => x - y);
  const stack = []; // [{item, el}]
  for (let b = 0; b + 1 < bounds.length; b++) {
    const from = bounds[b];
    const to = bounds[b + 1];
    const covering = valid.filter((it) => it.start <= from && it.end >= to).sort(order);
    let keep = 0;
    while (keep < stack.length && keep < covering.length && stack[keep].item === covering[keep]) keep++;
    stack.length = keep;
    for (const item of covering.slice(keep)) {
      const el = open(item, item.fragments === 0);
      item.fragments += 1;
      (stack.length ? stack[stack.length - 1].el : container).append(el);
      stack.push({ item, el });
    }
    const node = document.createTextNode(cps.slice(from, to).join(""));
    (stack.length ? stack[stack.length - 1].el : container).append(node);
  }
}
