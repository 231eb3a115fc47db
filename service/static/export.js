// Exports of the view: JSON in the API's own shape, CSV with one row per quotation.

export const CSV_COLUMNS = [
  "id", "type", "speaker", "entity", "kind", "title", "affiliation",
  "quote", "quote_start", "quote_end", "cue", "cue_start", "cue_end",
  "mention", "mention_start", "mention_end", "confidence",
];

// A spreadsheet runs a cell that starts with one of these as a formula (CSV injection); a leading apostrophe
// makes it plain text there. Only text cells are touched: offsets and confidences stay numbers.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value) {
  if (value === null || value === undefined) return "";
  let s = String(value);
  if (typeof value === "string" && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(a) {
  const sp = a.speaker;
  const role = a.role || {};
  const cue = a.cue;
  return [
    a.id, a.type, sp ? sp.name : "", sp ? sp.entity : "", sp ? sp.kind : "", role.title, role.affiliation,
    a.quote.text, a.quote.start, a.quote.end,
    cue ? cue.text : "", cue ? cue.start : "", cue ? cue.end : "",
    sp ? sp.text : "", sp ? sp.start : "", sp ? sp.end : "",
    a.confidence,
  ];
}

// RFC 4180: CRLF line ends. The byte-order mark lets spreadsheets read the file as UTF-8.
export function toCsv(records) {
  const lines = [CSV_COLUMNS.join(",")];
  for (const a of records) lines.push(csvRow(a).map(csvCell).join(","));
  return "\ufeff" + lines.join("\r\n") + "\r\n";
}

// The view as the API would answer it (attributions, speakers, meta), with the posted text, whose code points
// the offsets index, and the filters that made the view.
export function toJson(result, records, view) {
  const used = new Set(records.filter((a) => a.speaker).map((a) => a.speaker.entity));
  const doc = {
    text: result.text,
    options: result.options,
    view: {
      min_confidence: view.minConfidence,
      include_unattributed: view.unattributed,
      include_beliefs: view.beliefs,
      speaker: view.speaker,
    },
    attributions: records,
    speakers: result.analysis.speakers.filter((s) => used.has(s.entity)),
    meta: result.analysis.meta,
  };
  return JSON.stringify(doc, null, 2) + "\n";
}

export function download(filename, content, type) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by the next task; the object URL is not needed after that.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
