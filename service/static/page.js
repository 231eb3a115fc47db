// The newsroom page: posts the article to the API and shows the answer. Plain ES module, no framework.
import {
  canDerive, codePoints, colourMap, describe, layOut, percent, roleText, speakerStats, visibleRecords,
} from "./render.js";
import { download, toCsv, toJson } from "./export.js";
import { ApiError, errorFromResponse, networkError, showError } from "./errors.js";

const $ = (id) => document.getElementById(id);
const app = $("app");
const API_URL = app.dataset.api;
const MAX_CHARS = Number(app.dataset.maxChars);
const KEY_STORAGE = "quotes.apiKey";

const ui = {
  form: $("article-form"), drop: $("drop"), text: $("text"), count: $("text-count"), file: $("file"),
  slider: $("min-confidence"), sliderValue: $("min-confidence-value"), unattributed: $("include-unattributed"),
  beliefs: $("include-beliefs"), apiKey: $("api-key"), status: $("status"), error: $("error"),
  results: $("results"), article: $("article"), speakers: $("speakers"), legendSpeakers: $("legend-speakers"),
  filterNote: $("filter-note"), filterText: $("filter-text"), showAll: $("show-all"), tooltip: $("tooltip"),
  descriptions: $("descriptions"), exportJson: $("export-json"), exportCsv: $("export-csv"),
};

const state = {
  // {text, options, analysis, colours, byId}: the posted text (offsets index it), the options sent, the answer.
  result: null,
  view: { minConfidence: 0, unattributed: false, beliefs: false, speaker: null },
  controller: null,
  // The text of a dropped or opened file exactly as decoded: a textarea turns CRLF into LF, and the offsets
  // must index what the file holds.
  fileText: null,
  marks: new Map(), // record id -> its <mark> fragments
  cues: new Map(), // record id -> the mention and cue spans it underlines
};

// --- the article: typing, files ------------------------------------------------------------------------

const normaliseNewlines = (s) => s.replace(/\r\n?/g, "\n");

function articleText() {
  const typed = ui.text.value;
  return state.fileText !== null && normaliseNewlines(state.fileText) === typed ? state.fileText : typed;
}

function updateCount() {
  const n = codePoints(articleText()).length;
  const over = n > MAX_CHARS ? " (over the limit)" : "";
  ui.count.textContent = `${n.toLocaleString("en")} of ${MAX_CHARS.toLocaleString("en")} characters${over}`;
}

async function loadFile(file) {
  ui.error.hidden = true;
  const isText = /\.txt$/i.test(file.name) || file.type === "text/plain";
  if (!isText) {
    showError(ui.error, new ApiError({
      heading: "Not a .txt file", detail: `“${file.name}” is not a plain text file.`,
      advice: "Save the article as plain text (UTF-8) with the .txt extension, or paste it.",
    }));
    return;
  }
  // A UTF-8 character is at most 4 bytes: a file above this cannot fit, and reading it could hang the tab.
  if (file.size > MAX_CHARS * 4) {
    showError(ui.error, new ApiError({
      heading: "Article too long",
      detail: `“${file.name}” is ${(file.size / 1e6).toFixed(1)} MB.`,
      advice: `This service takes articles of at most ${MAX_CHARS.toLocaleString("en")} characters.`,
    }));
    return;
  }
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    showError(ui.error, new ApiError({
      heading: "The file is not UTF-8 text", detail: `“${file.name}” could not be read as UTF-8.`,
      advice: "Save it again as UTF-8 text, or paste the article.",
    }));
    return;
  }
  state.fileText = text;
  ui.text.value = text;
  updateCount();
  ui.status.textContent = `Loaded “${file.name}”. Press “Find quotes”.`;
}

ui.text.addEventListener("input", updateCount);
ui.file.addEventListener("change", () => {
  if (ui.file.files.length) loadFile(ui.file.files[0]);
});
for (const type of ["dragenter", "dragover"]) {
  ui.drop.addEventListener(type, (event) => {
    event.preventDefault();
    ui.drop.classList.add("dragging");
  });
}
ui.drop.addEventListener("dragleave", () => ui.drop.classList.remove("dragging"));
ui.drop.addEventListener("drop", (event) => {
  event.preventDefault();
  ui.drop.classList.remove("dragging");
  const file = event.dataTransfer && event.dataTransfer.files[0];
  if (file) loadFile(file);
});
// A file dropped just beside the box would otherwise replace the page with the file.
for (const type of ["dragover", "drop"]) window.addEventListener(type, (event) => event.preventDefault());

// --- the API key: this tab's sessionStorage only -------------------------------------------------------

function storedKey() {
  try {
    return sessionStorage.getItem(KEY_STORAGE) || "";
  } catch {
    return ""; // storage disabled: the field still works for this page view
  }
}

ui.apiKey.value = storedKey();
ui.apiKey.addEventListener("input", () => {
  try {
    if (ui.apiKey.value) sessionStorage.setItem(KEY_STORAGE, ui.apiKey.value);
    else sessionStorage.removeItem(KEY_STORAGE);
  } catch {
    // nothing to keep it in
  }
});

// --- asking the API ------------------------------------------------------------------------------------

function readView() {
  state.view.minConfidence = Number(ui.slider.value);
  state.view.unattributed = ui.unattributed.checked;
  state.view.beliefs = ui.beliefs.checked;
  ui.sliderValue.textContent = state.view.minConfidence.toFixed(2);
}

async function analyse(text) {
  const key = ui.apiKey.value.trim();
  // fetch refuses a header value outside Latin-1 with a TypeError that would read as a network failure.
  if (key && !/^[\x21-\x7e]+$/.test(key)) {
    showError(ui.error, new ApiError({
      heading: "This API key cannot be sent",
      detail: "An API key holds only letters, digits and ASCII punctuation, without spaces.",
      advice: "Copy the key again into the “API key” field.",
    }));
    return;
  }
  if (state.controller) state.controller.abort();
  const controller = new AbortController();
  state.controller = controller;
  readView();
  const options = {
    include_unattributed: state.view.unattributed,
    include_beliefs: state.view.beliefs,
    min_confidence: state.view.minConfidence,
  };
  const headers = { "Content-Type": "application/json", Accept: "application/json, application/problem+json" };
  if (key) headers.Authorization = `Bearer ${key}`;
  ui.error.hidden = true;
  ui.results.setAttribute("aria-busy", "true");
  ui.status.textContent = "Finding quotes… (a long article takes a while)";
  const started = performance.now();
  try {
    let response;
    try {
      response = await fetch(API_URL, {
        method: "POST", headers, body: JSON.stringify({ text, options }), signal: controller.signal,
        credentials: "same-origin", cache: "no-store",
      });
    } catch (error) {
      if (controller.signal.aborted) return;
      throw networkError(error);
    }
    if (!response.ok) throw await errorFromResponse(response, MAX_CHARS);
    let analysis;
    try {
      analysis = await response.json();
    } catch {
      analysis = null;
    }
    if (!analysis || !Array.isArray(analysis.attributions) || !Array.isArray(analysis.speakers)) {
      throw new ApiError({
        status: response.status, heading: "Unreadable answer",
        detail: "The service answered, but not with a result the page understands.",
        advice: "Reload the page; if it happens again, tell whoever runs the service.",
      });
    }
    if (controller.signal.aborted) return;
    // The same text asked again (other options): entity ids are the same, so the speaker filter stays.
    const sameText = state.result !== null && state.result.text === text;
    state.result = {
      text, options, analysis,
      colours: colourMap(analysis.speakers),
      byId: new Map(analysis.attributions.map((a) => [a.id, a])),
    };
    if (!sameText) state.view.speaker = null;
    render();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const visible = visibleRecords(analysis.attributions, state.view);
    const shown = visible.length;
    const speakers = new Set(visible.filter((a) => a.speaker).map((a) => a.speaker.entity)).size;
    ui.status.textContent = `Found ${shown} quotation${shown === 1 ? "" : "s"} by ${speakers} ` +
      `speaker${speakers === 1 ? "" : "s"} in ${seconds} s.`;
  } catch (error) {
    if (controller.signal.aborted) return;
    const shown = error instanceof ApiError ? error : networkError(error);
    // An old result next to an error about a new text would look like the answer to it.
    state.result = null;
    ui.results.hidden = true;
    hideTooltip();
    showError(ui.error, shown);
    ui.status.textContent = "No result: see the message below.";
  } finally {
    if (state.controller === controller) {
      state.controller = null;
      ui.results.removeAttribute("aria-busy");
    }
  }
}

ui.form.addEventListener("submit", (event) => {
  event.preventDefault();
  analyse(articleText());
});

// The controls change the view at once when the records at hand are enough, and ask the API again when
// they are not (a lower confidence than was asked for, or records it left out).
function viewChanged({ final }) {
  readView();
  if (!state.result) return;
  if (canDerive(state.result.options, state.view)) render({ announce: final });
  else if (final) analyse(state.result.text);
}

ui.slider.addEventListener("input", () => viewChanged({ final: false }));
ui.slider.addEventListener("change", () => viewChanged({ final: true }));
ui.unattributed.addEventListener("change", () => viewChanged({ final: true }));
ui.beliefs.addEventListener("change", () => viewChanged({ final: true }));

// --- showing the result --------------------------------------------------------------------------------

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "className") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key === "colour") node.style.setProperty("--c", value);
    else node.setAttribute(key, value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

const UNATTRIBUTED_COLOUR = "#e3e3e3";

function colourOf(entity) {
  return (entity && state.result.colours.get(entity)) || UNATTRIBUTED_COLOUR;
}

// `announce`: say in the status line (a live region) what the view now shows, after a filter changed it.
function render({ announce = false } = {}) {
  const { result, view } = state;
  hideTooltip();
  if (!result) {
    ui.results.hidden = true;
    return;
  }
  const all = result.analysis.attributions;
  const inScope = visibleRecords(all, view, { ignoreSpeaker: true });
  const stats = speakerStats(inScope, result.analysis.speakers);
  if (view.speaker !== null && !stats.rows.some((r) => r.entity === view.speaker)) view.speaker = null;
  const records = visibleRecords(all, view);

  const focused = document.activeElement && document.activeElement.closest("#speakers li");
  const focusedEntity = focused ? focused.dataset.entity : null;
  renderSpeakers(stats);
  renderLegend(stats);
  renderArticle(records, inScope.length);
  renderFilterNote(records, inScope, stats);
  ui.results.hidden = false;
  if (announce) {
    const row = stats.rows.find((r) => r.entity === view.speaker);
    ui.status.textContent = `Showing ${records.length} of ${all.length} quotation${all.length === 1 ? "" : "s"}` +
      (row ? ` (only ${row.name}).` : ".");
  }
  if (focusedEntity !== null) {
    const again = [...ui.speakers.querySelectorAll("li")].find((li) => li.dataset.entity === focusedEntity);
    if (again) again.querySelector("button").focus();
  }
}

function renderSpeakers(stats) {
  const items = stats.rows.map((row) => {
    const pressed = state.view.speaker === row.entity;
    const button = el("button", { type: "button", className: "speaker", "aria-pressed": String(pressed) },
      el("span", { className: "swatch", colour: colourOf(row.entity), "aria-hidden": "true" }),
      el("span", { className: "name" }, row.name));
    button.addEventListener("click", () => {
      state.view.speaker = state.view.speaker === row.entity ? null : row.entity;
      render({ announce: true });
    });
    const fact = (label, cls, value) => [el("dt", {}, label), el("dd", { className: cls }, value)];
    const facts = el("dl", { className: "facts" },
      ...fact("Kind", "kind", row.kind || "—"),
      ...fact("Title", "title", row.title || "—"),
      ...fact("Affiliation", "affiliation", row.affiliation || "—"),
      ...fact("Quotes", "quotes", String(row.quotes)),
      ...fact("Words quoted", "words", String(row.words)),
      ...fact("Share of quoted words", "share", percent(row.share)));
    const bar = el("span", { className: "bar", "aria-hidden": "true" }, el("span", { colour: colourOf(row.entity) }));
    bar.firstChild.style.setProperty("--share", String(row.share));
    return el("li", { dataset: { entity: row.entity } }, button, facts, bar);
  });
  ui.speakers.replaceChildren(...items);
  if (!items.length) ui.speakers.append(el("li", { className: "empty" }, "No quotations at this confidence."));
}

function renderLegend(stats) {
  ui.legendSpeakers.replaceChildren(...stats.rows.map((row) =>
    el("li", {}, el("span", { className: "swatch", colour: colourOf(row.entity), "aria-hidden": "true" }), row.name)));
}

function renderFilterNote(records, inScope, stats) {
  const row = stats.rows.find((r) => r.entity === state.view.speaker);
  ui.filterNote.hidden = !row;
  if (row) {
    ui.filterText.textContent = `Showing only the quotations of ${row.name} (${records.length} of ${inScope.length}).`;
  }
}

function renderArticle(records, inScopeCount) {
  const { text } = state.result;
  const items = [];
  const spans = new Map();
  const addSpan = (kind, rank, span, id) => {
    const key = `${kind}:${span.start}:${span.end}`;
    let item = spans.get(key);
    if (!item) {
      item = { kind, rank, start: span.start, end: span.end, ids: [] };
      spans.set(key, item);
      items.push(item);
    }
    item.ids.push(id);
  };
  records.forEach((a) => {
    items.push({ kind: "quote", rank: 0, start: a.quote.start, end: a.quote.end, record: a });
    if (a.speaker) addSpan("mention", 1, a.speaker, a.id);
    if (a.cue) addSpan("cue", 2, a.cue, a.id);
  });

  state.marks = new Map();
  state.cues = new Map();
  const register = (map, id, node) => {
    if (!map.has(id)) map.set(id, []);
    map.get(id).push(node);
  };
  const descriptions = [];
  const order = new Map(records.map((a, i) => [a.id, i + 1]));

  const open = (item, first) => {
    if (item.kind !== "quote") {
      const span = el("span", { className: item.kind });
      for (const id of item.ids) register(state.cues, id, span);
      return span;
    }
    const a = item.record;
    const entity = a.speaker ? a.speaker.entity : "";
    const mark = el("mark", {
      className: a.speaker ? "q" : "q unattributed",
      dataset: { id: a.id, speaker: entity, type: a.type },
      colour: colourOf(entity),
    });
    if (first) {
      // One tab stop per quotation, on its first fragment; its description names speaker, role, cue and
      // confidence for screen readers, as the tooltip does on screen.
      const descId = `desc-${descriptions.length}`;
      descriptions.push(el("span", { id: descId }, describe(a, order.get(a.id), records.length)));
      mark.tabIndex = 0;
      mark.setAttribute("aria-describedby", descId);
    } else {
      mark.dataset.continued = "";
    }
    register(state.marks, a.id, mark);
    return mark;
  };
  const article = el("div");
  layOut(article, text, items, open);
  ui.article.replaceChildren(...article.childNodes);
  ui.descriptions.replaceChildren(...descriptions);
  ui.article.dataset.count = String(records.length);
  ui.article.dataset.total = String(inScopeCount);
}

// --- the tooltip ---------------------------------------------------------------------------------------

let hideTimer = null;
let activeId = null;
// What opened the tooltip: "focus" or "hover". Each closes only its own, so a pointer resting on the page
// cannot take the tooltip away from the keyboard's focus.
let source = null;
// Where the pointer last moved. Chrome sends mouseover when the page scrolls under a resting pointer (as
// focusing a mark does); such an event, at the pointer's last position, is not the reader pointing.
let lastPointer = null;

function showTooltip(mark, how) {
  clearTimeout(hideTimer);
  source = how;
  const id = mark.dataset.id;
  const a = state.result && state.result.byId.get(id);
  if (!a) return;
  if (activeId !== null && activeId !== id) clearActive();
  activeId = id;
  for (const node of state.marks.get(id) || []) node.classList.add("active");
  for (const node of state.cues.get(id) || []) node.classList.add("on");

  const line = (label, value) => el("div", {}, el("span", { className: "label" }, `${label}: `), value);
  const who = a.speaker ? a.speaker.name : "No speaker found";
  const kind = a.speaker ? ` (${a.speaker.kind})` : "";
  ui.tooltip.replaceChildren(
    el("div", { className: "who" }, el("strong", {}, who), kind),
    a.role && roleText(a.role) ? line("Role", roleText(a.role)) : line("Role", "not given"),
    line("Type", a.type),
    line("Cue", a.cue ? `“${a.cue.text}” (${a.cue.lemma})` : "none"),
    a.speaker ? line("Mention", `“${a.speaker.text}”`) : null,
    line("Confidence", percent(a.confidence)),
  );
  ui.tooltip.hidden = false;
  // Under the line of the quotation's first fragment that holds the pointer or the focus.
  const rects = mark.getClientRects();
  const rect = rects.length ? rects[0] : mark.getBoundingClientRect();
  const width = ui.tooltip.offsetWidth;
  const left = Math.max(8, Math.min(rect.left, document.documentElement.clientWidth - width - 8));
  ui.tooltip.style.left = `${left + window.scrollX}px`;
  ui.tooltip.style.top = `${rect.bottom + window.scrollY + 6}px`;
}

function clearActive() {
  if (activeId === null) return;
  for (const node of state.marks.get(activeId) || []) node.classList.remove("active");
  for (const node of state.cues.get(activeId) || []) node.classList.remove("on");
  activeId = null;
}

function hideTooltip() {
  clearTimeout(hideTimer);
  clearActive();
  source = null;
  ui.tooltip.hidden = true;
}

const markOf = (target) => (target instanceof Element ? target.closest("#article mark.q") : null);

// When the pointer leaves, the focused quotation (if any) gets its tooltip back.
function endHover() {
  const focused = markOf(document.activeElement);
  if (focused) showTooltip(focused, "focus");
  else hideTooltip();
}

// mousemove, not pointermove: pointer events carry fractional coordinates, mouse events whole ones.
document.addEventListener("mousemove", (event) => { lastPointer = [event.screenX, event.screenY]; });
ui.article.addEventListener("mouseover", (event) => {
  const mark = markOf(event.target);
  const still = lastPointer && lastPointer[0] === event.screenX && lastPointer[1] === event.screenY;
  if (mark && !still) showTooltip(mark, "hover");
});
ui.article.addEventListener("mouseout", (event) => {
  if (source !== "hover" || !markOf(event.target)) return;
  // A short delay lets the pointer move onto the tooltip to read it (WCAG 1.4.13).
  hideTimer = setTimeout(endHover, 300);
});
ui.tooltip.addEventListener("mouseover", () => clearTimeout(hideTimer));
ui.tooltip.addEventListener("mouseout", () => {
  if (source === "hover") hideTimer = setTimeout(endHover, 300);
});
ui.article.addEventListener("focusin", (event) => {
  const mark = markOf(event.target);
  if (mark) showTooltip(mark, "focus");
});
ui.article.addEventListener("focusout", () => {
  if (source === "focus") hideTooltip();
});
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && !ui.tooltip.hidden) hideTooltip();
});

// --- exports -------------------------------------------------------------------------------------------

function viewRecords() {
  return visibleRecords(state.result.analysis.attributions, state.view);
}

ui.exportJson.addEventListener("click", () => {
  if (!state.result) return;
  download("quotes.json", toJson(state.result, viewRecords(), state.view), "application/json");
});
ui.exportCsv.addEventListener("click", () => {
  if (!state.result) return;
  download("quotes.csv", toCsv(viewRecords()), "text/csv;charset=utf-8");
});
ui.showAll.addEventListener("click", () => {
  state.view.speaker = null;
  render({ announce: true });
  ui.speakers.querySelector("button")?.focus();
});

readView();
updateCount();
app.dataset.ready = "true";
