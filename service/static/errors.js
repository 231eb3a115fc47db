// Readable messages for everything that can go wrong between the page and the API. The API answers errors
// as RFC 9457 problem documents; a proxy in between may answer HTML or nothing at all, and the page must say
// something useful in every case.

export class ApiError extends Error {
  constructor({ status = 0, heading, detail = "", advice = "", fields = [] }) {
    super(heading);
    this.status = status;
    this.heading = heading;
    this.detail = detail;
    this.advice = advice;
    this.fields = fields;
  }
}

// marshmallow-style nested messages ({"body": {"text": ["..."]}}) as "text: ..." lines.
export function fieldMessages(errors, path = []) {
  if (errors === null || errors === undefined) return [];
  if (Array.isArray(errors)) {
    return errors.flatMap((e) => (typeof e === "string" ? [[path, e]] : fieldMessages(e, path)));
  }
  if (typeof errors === "object") {
    return Object.entries(errors).flatMap(([key, value]) =>
      fieldMessages(value, key === "_schema" ? path : [...path, key]));
  }
  return [[path, String(errors)]];
}

function fieldLines(errors) {
  return fieldMessages(errors).map(([path, message]) => {
    // The location ("body", "query") says nothing to a reader of the page.
    const where = path.slice(1).join(".") || path.join(".");
    return where ? `${where}: ${message}` : message;
  });
}

function adviceFor(status, headers, maxChars) {
  const retry = headers.get("Retry-After");
  const wait = retry && /^\d+$/.test(retry) ? ` Try again in ${retry} seconds.` : " Try again later.";
  switch (status) {
    case 401:
      return "This service needs an API key: enter it in the “API key” field and press “Find quotes” again.";
    case 403:
      return "The API key was not accepted. Check it in the “API key” field, or ask for a new one.";
    case 413:
      return `This service takes articles of at most ${maxChars.toLocaleString("en")} characters. ` +
        "Shorten the text or split it into parts.";
    case 415:
      return "The page sent something the service does not take; reload the page and try again.";
    case 422:
      return "Check the article text and the options.";
    case 429:
      return "Too many requests for now." + wait;
    case 503:
      return "The service is busy or not ready." + wait;
    default:
      return status >= 500 ? "The service failed on this request." + wait : "";
  }
}

const PHRASES = {
  400: "Bad request", 401: "API key needed", 403: "API key refused", 404: "Not found", 413: "Article too long",
  415: "Unsupported request", 422: "The service could not accept this input", 429: "Too many requests",
  500: "Server error", 502: "Bad gateway", 503: "Service unavailable", 504: "Gateway timeout",
};

// An ApiError for a response that is not a 200 with an analysis.
export async function errorFromResponse(response, maxChars) {
  const status = response.status;
  const type = (response.headers.get("Content-Type") || "").toLowerCase();
  let body = null;
  if (type.includes("json")) {
    try {
      body = await response.json();
    } catch {
      body = null;
    }
  }
  const heading = `${PHRASES[status] || "Error"} (${status})`;
  const advice = adviceFor(status, response.headers, maxChars);
  if (body && typeof body === "object" && (body.title || body.detail)) {
    return new ApiError({
      status,
      heading: body.title ? `${body.title} (${status})` : heading,
      detail: typeof body.detail === "string" ? body.detail : "",
      advice,
      fields: body.errors ? fieldLines(body.errors) : [],
    });
  }
  const statusText = response.statusText ? ` ${response.statusText}` : "";
  return new ApiError({
    status,
    heading,
    detail: `The service answered ${status}${statusText} without an explanation the page can read.`,
    advice,
  });
}

export function networkError(error) {
  return new ApiError({
    heading: "The service could not be reached",
    detail: error && error.message ? `The browser said: ${error.message}` : "",
    advice: "Check that the service is running and that this computer can reach it, then try again.",
  });
}

// Shows `error` in `box` (a role="alert" element) with text nodes only.
export function showError(box, error) {
  box.replaceChildren();
  const heading = document.createElement("h2");
  heading.textContent = error.heading || "Something went wrong";
  box.append(heading);
  for (const text of [error.detail, error.advice]) {
    if (!text) continue;
    const p = document.createElement("p");
    p.textContent = text;
    box.append(p);
  }
  if (error.fields && error.fields.length) {
    const list = document.createElement("ul");
    for (const line of error.fields) {
      const li = document.createElement("li");
      li.textContent = line;
      list.append(li);
    }
    box.append(list);
  }
  box.hidden = false;
}
