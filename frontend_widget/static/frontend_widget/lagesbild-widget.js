// <lagesbild-widget> and <faq-widget>: docs/widget.md. No dependencies, no build step.

const WORDS = {
  sv: {
    locale: "sv-SE",
    at: " kl. ",
    title: "Lägesbild",
    compiled: "Sammanställd",
    readReport: "Läs hela rapporten",
    subscribe: "Prenumerera",
    new: "Ny",
    changed: "Ändrad",
    next: "Nästa lägesbild väntas %s.",
    late: "Nästa lägesbild väntades %s men har inte publicerats ännu.",
    loading: "Hämtar lägesbilden …",
    faqLoading: "Hämtar frågorna …",
    error: "Lägesbilden kunde inte hämtas just nu.",
    empty: "Ingen lägesbild är publicerad ännu.",
    offline: "Kunde inte hämta den senaste lägesbilden. Du ser den som hämtades %s.",
    announced: "Ny lägesbild: %s",
    newSince: "Nytt sedan förra lägesbilden",
    toggleChildren: (count, expanded) => `${expanded ? "Dölj" : "Visa"} ${count} underpunkt${count == 1 ? "" : "er"}`,
    changeSummary: (added, changed) => {
      if (!added && !changed) return "Inga nya eller ändrade punkter sedan förra lägesbilden";
      const counts = [added && `${added} ${added == 1 ? "ny" : "nya"}`, changed && `${changed} ${changed == 1 ? "ändrad" : "ändrade"}`];
      const noun = (changed || added) == 1 ? "punkt" : "punkter"; // agrees with the nearest count
      return `${counts.filter(Boolean).join(" och ")} ${noun} sedan förra lägesbilden`;
    },
    faqTitle: "Frågor och svar",
    faqError: "Frågorna kunde inte hämtas just nu.",
    faqEmpty: "Frågorna är inte publicerade.",
    search: "Sök bland frågorna",
    searchButton: "Sök",
    found: (count, query) => `${count || "Inga"} ${count == 1 ? "fråga" : "frågor"} hittades för ”${query}”`,
    reviewed: "Senast granskad %s",
    questionUpdated: "Uppdaterad",
    readFaq: "Alla frågor och svar",
  },
  en: {
    locale: "en-GB",
    at: " at ",
    title: "Situation report",
    compiled: "Compiled",
    readReport: "Read the full report",
    subscribe: "Subscribe",
    new: "New",
    changed: "Changed",
    next: "The next report is expected %s.",
    late: "The next report was expected %s but has not been published yet.",
    loading: "Loading the situation report …",
    faqLoading: "Loading the questions …",
    error: "The situation report could not be loaded right now.",
    empty: "No situation report has been published yet.",
    offline: "Could not load the latest report. You are seeing the one loaded %s.",
    announced: "New situation report: %s",
    newSince: "New since the previous report",
    toggleChildren: (count, expanded) => `${expanded ? "Hide" : "Show"} ${count} sub-item${count == 1 ? "" : "s"}`,
    changeSummary: (added, changed) => {
      if (!added && !changed) return "No new or changed items since the previous report";
      const counts = [added && `${added} new`, changed && `${changed} changed`];
      const noun = (changed || added) == 1 ? "item" : "items";
      return `${counts.filter(Boolean).join(" and ")} ${noun} since the previous report`;
    },
    faqTitle: "Questions and answers",
    faqError: "The questions could not be loaded right now.",
    faqEmpty: "The questions are not published.",
    search: "Search the questions",
    searchButton: "Search",
    found: (count, query) => `${count || "No"} question${count == 1 ? "" : "s"} found for “${query}”`,
    reviewed: "Last reviewed %s",
    questionUpdated: "Updated",
    readFaq: "All questions and answers",
  },
};

const wordsFor = (lang) => WORDS[/^en\b/i.test(lang) ? "en" : "sv"];
const fillIn = (template, value) => template.replace("%s", value);

const STYLES = `
:host { display: block !important; contain: content !important }
:host([hidden]) { display: none !important }
.box {
  all: initial;
  display: block;
  box-sizing: border-box;
  height: 100%;
  overflow: auto;
  font: var(--lagesbild-font-size, 16px)/1.5 var(--lagesbild-font, system-ui, sans-serif);
  color: var(--lagesbild-color, #1b1b1b);
  background: var(--lagesbild-bg, #fff);
  border: var(--lagesbild-border, 1px solid #c4c4c4);
  border-radius: var(--lagesbild-radius, 6px);
  padding: var(--lagesbild-padding, 1em 1.25em);
}
.compact { font-size: var(--lagesbild-compact-font-size, 14px); padding: .5em .75em }
h1, h2, h3, h4, h5, h6 {
  font-size: 1.3em;
  line-height: 1.25;
  font-weight: 700;
  margin: 0 0 .25em;
  color: var(--lagesbild-heading-color, inherit);
}
.rapport-section > :first-child, .category > :first-child, .news > :first-child { font-size: 1.05em; margin: 1em 0 .25em }
p { margin: .5em 0 }
ul { margin: .25em 0; padding: 0 0 0 1.25em; list-style: disc }
ul ul { list-style: circle }
li { margin: .25em 0 }
a { color: var(--lagesbild-link, #0b57a4); text-decoration: underline }
:focus-visible { outline: 3px solid var(--lagesbild-focus, #0b57a4); outline-offset: 2px }
.meta, .note { color: var(--lagesbild-muted, #4d4d4d); font-size: .9em }
.late { border-left: 4px solid var(--lagesbild-alert, #a8201a); padding-left: .5em; color: inherit }
.more { display: inline-block; margin-top: .5em; font-weight: 600 }
.subscribe { display: block; margin-top: .25em; font-size: .875em }

/* What is new: to this visitor (on the title), and since the previous report (on each item). */
.new-to-visitor {
  display: inline-block;
  margin-left: .5em;
  padding: 0 .4em;
  border-radius: 3px;
  background: var(--lagesbild-new-bg, #a8201a);
  color: var(--lagesbild-new-color, #fff);
  font-size: .65em;
  vertical-align: middle;
}
.rapport-change {
  display: inline-block;
  margin-right: .4em;
  padding: 0 .35em;
  border: 1px solid;
  border-radius: 3px;
  font-size: .8em;
  font-weight: 700;
}
.rapport-change--new { color: var(--lagesbild-badge-new, #0a6132) }
.rapport-change--changed { color: var(--lagesbild-badge-changed, #8a3b00) }
.news { margin-top: 1em; border-top: 1px solid #c4c4c4 }
.news > :first-child { scroll-margin-top: 1em }
.news-section > :first-child { font-size: 1em; margin: .75em 0 .25em }

/* Glance: children fold behind a button, but not the new or changed ones. */
.toggle { display: none; margin-left: .3em; color: var(--lagesbild-link, #0b57a4); font-size: .85em }
.toggle::before { content: "▸ " / "" }
.toggle[aria-expanded=true]::before { content: "▾ " / "" }
.glance { line-height: 1.4 }
.glance ul { padding-left: 1em }
.glance .toggle { display: inline }
.glance .folded li:not(.has-change) { display: none }

.skeleton { height: var(--lagesbild-min-height, 14em) }
.skeleton i {
  display: block;
  height: 1em;
  margin: .9em 0;
  background: #e6e6e6;
  border-radius: 3px;
  animation: pulse 1.5s ease-in-out infinite;
}
@keyframes pulse { 50% { opacity: .45 } }
@media (prefers-reduced-motion: reduce) { .skeleton i { animation: none } }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap }

/* <faq-widget> */
details { margin: .25em 0; border-bottom: 1px solid #ddd }
summary { padding: .35em 0; font-weight: 600 }
.answer { padding: 0 0 .5em 1em }
form { display: flex; gap: .4em; margin: .75em 0 }
input, button {
  font: inherit;
  padding: .2em .5em;
  border: 1px solid #6b6b6b;
  border-radius: 3px;
  color: inherit;
  background: none;
}
input { flex: 1; min-width: 0 }
`;

let sharedSheet;
function adoptStyles(root) {
  if (root.adoptedStyleSheets && window.CSSStyleSheet) {
    // Constructable: a CSP that blocks inline <style> allows it.
    if (!sharedSheet) (sharedSheet = new CSSStyleSheet()).replaceSync(STYLES);
    root.adoptedStyleSheets = [sharedSheet];
  } else root.append(element("style", null, STYLES));
}

function element(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const name in attributes) if (attributes[name] != null) node.setAttribute(name, attributes[name]);
  node.append(...withoutBlanks(children));
  return node;
}
const setOrRemove = (node, name, value) => (value == null ? node.removeAttribute(name) : node.setAttribute(name, value));
// Children as element() takes them: nested arrays flattened, and false, null, undefined and "" left out.
const withoutBlanks = (children) => children.flat(9).filter((child) => child || child === 0);

// Reader dates, always in Stockholm time: "24 november 2026 kl. 08:30".
function formatDate(iso, words, time = true, year = true) {
  const date = new Date(iso);
  if (!iso || isNaN(date)) return "";
  const format = (options) => new Intl.DateTimeFormat(words.locale, { timeZone: "Europe/Stockholm", ...options }).format(date);
  const day = format({ day: "numeric", month: "long", year: year ? "numeric" : undefined });
  return time ? day + words.at + format({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" }) : day;
}

// The server's link rule (sanitize.safe_url): http(s), mailto or relative.
function safeUrl(raw, base) {
  if (typeof raw != "string" || /^\s*(#|$|[\\/]{2})/.test(raw)) return null;
  try {
    const url = new URL(raw, base);
    return /^(https?|mailto):$/.test(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

// Defence in depth: the sanitised html, parsed inert, is rebuilt from the server's allowlist
// (test_widget_static.py keeps them equal).
const ALLOWED_TAGS = /^(p|br|ul|ol|li|a|strong|em|b|i)$/i;
const DROPPED_WITH_CONTENT = /^(script|style|template|noscript|iframe|object|embed|svg|math|textarea|title|xmp|noembed|noframes|plaintext|applet|frameset|frame)$/i;
let trustedPolicy;
function parseInert(html) {
  if (trustedPolicy === undefined) {
    try {
      // For the inert DOMParser only; one policy, as a name may be created once.
      trustedPolicy = window.trustedTypes?.createPolicy("lagesbild", { createHTML: (text) => text }) || null;
    } catch {
      trustedPolicy = null;
    }
  }
  return new DOMParser().parseFromString(trustedPolicy ? trustedPolicy.createHTML(html) : html, "text/html").body;
}
function rebuildAllowed(from, into, base) {
  for (const node of from.childNodes) {
    if (node.nodeType == Node.TEXT_NODE) into.append(node.data);
    if (node.nodeType != Node.ELEMENT_NODE || DROPPED_WITH_CONTENT.test(node.localName)) continue;
    let copy = ALLOWED_TAGS.test(node.localName) && node.namespaceURI == "http://www.w3.org/1999/xhtml";
    if (copy && node.localName == "a") {
      const href = safeUrl(node.getAttribute("href"), base);
      copy = href && element("a", { href, title: node.getAttribute("title") });
    } else if (copy) copy = element(node.localName);
    rebuildAllowed(node, copy || into, base); // a tag that is not allowed keeps its allowed content
    if (copy) into.append(copy);
  }
  return into;
}
function richContent(tag, html, base, attributes) {
  const node = element(tag, attributes);
  try {
    return rebuildAllowed(parseInert(String(html || "")), node, base);
  } catch {
    // The host's Trusted Types refused the policy: the text without markup.
    node.append(String(html || "").replace(/<[^>]*>/g, ""));
    return node;
  }
}

const storage = {
  read(key) {
    try {
      return JSON.parse(localStorage.getItem(key));
    } catch {
      return null;
    }
  },
  write(key, value) {
    try {
      value == null ? localStorage.removeItem(key) : localStorage.setItem(key, JSON.stringify(value));
    } catch {} // full or blocked: the widget works without
  },
};

const sameRevision = (a, b) => a && b && a.id === b.id && a.last_published_at === b.last_published_at;

// One Feed per URL: one request, ETag and stored copy for every widget showing it.
class Feed {
  constructor(url, elementClass) {
    Object.assign(this, { url, elementClass, subscribers: new Set(), lastAttempt: 0 });
    const saved = elementClass.remember && storage.read("lagesbild:" + url);
    if (saved && elementClass.isValid(saved.report)) this.accept(saved.report, saved.etag, saved.at);
  }

  refresh() {
    return (this.inFlight ||= this.request().finally(() => (this.inFlight = null)));
  }

  async request() {
    this.lastAttempt = Date.now();
    let response, outcome;
    try {
      const headers = this.etag ? { "If-None-Match": this.etag } : {};
      response = await this.elementClass.fetch(this.url, { headers, credentials: "omit", cache: "no-cache" });
      if (response.status == 304) outcome = { kind: "unchanged" };
      else if (response.status == 404) {
        this.data = null;
        if (this.elementClass.remember) storage.write("lagesbild:" + this.url, null);
        outcome = { kind: "missing", status: 404 };
      } else {
        if (!response.ok) throw Error("HTTP " + response.status);
        const data = await response.json();
        if (!this.elementClass.isValid(data)) throw Error("Unexpected JSON");
        this.accept(data, response.headers.get("ETag"), new Date().toISOString());
        outcome = { kind: "data", status: response.status };
      }
    } catch (error) {
      outcome = { kind: "failed", status: response?.status || 0, message: error.message };
    }
    for (const subscriber of this.subscribers) subscriber.receive(outcome);
  }

  accept(data, etag, savedAt) {
    const changed = !sameRevision(this.data, data);
    Object.assign(this, { data, etag, savedAt });
    if (!this.elementClass.remember) return;
    storage.write("lagesbild:" + this.url, { etag, report: data, at: savedAt });
    if (changed) {
      // Once per feed, so that a second widget with the same src does not count as a visit.
      const seenKey = "lagesbild-seen:" + this.url;
      const seen = storage.read(seenKey);
      this.isNewToVisitor = !!seen && seen.id !== data.id && new Date(data.compiled_at) >= new Date(seen.compiled_at);
      storage.write(seenKey, { id: data.id, compiled_at: data.compiled_at });
    }
  }

  get pollSeconds() {
    const paces = [...this.subscribers].map((widget) => widget.refresh || 0).filter((seconds) => seconds > 0);
    return paces.length ? Math.max(1, Math.min(...paces)) : 0;
  }
}

const feeds = new Map();
function feedFor(url, elementClass) {
  if (!feeds.has(url)) feeds.set(url, new Feed(url, elementClass));
  return feeds.get(url);
}

// One timer for all widgets on the page, however many feeds they show.
const poller = {
  timer: 0,
  schedule() {
    clearTimeout(this.timer);
    const paces = [...feeds.values()].map((feed) => feed.pollSeconds).filter(Boolean);
    if (paces.length) this.timer = setTimeout(() => this.poll(), Math.min(...paces) * 1000);
  },
  async poll() {
    const now = Date.now();
    const due = [...feeds.values()].filter((feed) => feed.pollSeconds && now - feed.lastAttempt >= feed.pollSeconds * 1000 - 250);
    if (!document.hidden) await Promise.all(due.map((feed) => feed.refresh()));
    this.schedule();
  },
};

const clampHeadingLevel = (value) => Math.min(6, Math.max(1, parseInt(value) || 2));
const isReport = (data) => Array.isArray(data?.sections);
const isFaq = (data) => Array.isArray(data?.categories);
const isMarked = (change) => change == "new" || change == "changed";
const hasChange = (item) => isMarked(item.change) || (item.children || []).some(hasChange);

// A change marker in words, before the item, so a screen reader reads it and colour is not the only sign:
// "Ny", "Ändrad", or an FAQ question's "Uppdaterad" (styled as "Ändrad").
const badge = (change, look, text) => [element("span", { class: "rapport-change rapport-change--" + look, part: "badge badge-" + change }, text), " "];
const changeBadge = (change, words) => isMarked(change) && badge(change, change, words[change]);

const linkOrText = (text, url, base) => ((url = safeUrl(url, base)) ? element("a", { href: url }, text) : text);

// Every new or changed bullet (at any depth), action and link of a section, in document order.
function changedItems(section) {
  const found = [];
  const walk = (items = []) =>
    items.forEach((item) => {
      if (isMarked(item.change)) found.push(item);
      walk(item.children);
    });
  walk(section.items);
  return found;
}

// Attribute and state changes in one task make one render.
const renderQueue = new Set();
function queueRender(widget) {
  if (!renderQueue.size)
    queueMicrotask(() => {
      const batch = [...renderQueue];
      renderQueue.clear();
      for (const queued of batch) if (queued.isConnected) queued.render();
    });
  renderQueue.add(widget);
}

// Both elements: shadow root, Feed, states, events, common attributes.
class FeedElement extends HTMLElement {
  // Replaceable by hosts that route requests, and by tests.
  static fetch = (url, init) => fetch(url, init);

  #state = "loading";
  shell = this.#buildShell();
  feed = null;

  #buildShell() {
    const root = this.attachShadow({ mode: "open" });
    adoptStyles(root);
    const content = element("div");
    const status = element("div", { class: "visually-hidden", role: "status", "aria-live": "polite" });
    const region = element("section", { part: "region", "aria-labelledby": "title" }, content, status);
    root.append(region);
    return { region, content, status };
  }

  connectedCallback() {
    this.connectFeed();
    queueRender(this);
  }

  disconnectedCallback() {
    this.feed?.subscribers.delete(this);
    this.feed = null;
    poller.schedule();
  }

  attributeChangedCallback(name, oldValue, newValue) {
    // An upgrade reports every attribute before connectedCallback, which does the work.
    if (!this.isConnected || oldValue === newValue) return;
    if (name == "src" || name == "series") this.connectFeed();
    else if (name == "refresh") poller.schedule();
    queueRender(this);
  }

  get state() {
    return this.#state;
  }
  set state(state) {
    this.#state = state;
    queueRender(this);
  }

  get src() {
    return this.getAttribute("src") || "";
  }
  set src(value) {
    this.setAttribute("src", value);
  }

  get headingLevel() {
    return clampHeadingLevel(this.getAttribute("heading-level"));
  }
  set headingLevel(value) {
    this.reflect("heading-level", value == null ? null : clampHeadingLevel(value));
  }

  get compact() {
    return this.hasAttribute("compact");
  }
  set compact(value) {
    this.toggleAttribute("compact", !!value);
  }

  get label() {
    return this.getAttribute("label") || "";
  }
  set label(value) {
    this.reflect("label", value || null);
  }

  reflect(name, value) {
    setOrRemove(this, name, value);
  }

  get words() {
    return wordsFor(this.lang);
  }

  get feedUrl() {
    try {
      return this.src ? new URL(this.src, document.baseURI).href : "";
    } catch {
      return "";
    }
  }

  connectFeed() {
    const url = this.feedUrl;
    if (url && url == this.feed?.url) return null;
    this.feed?.subscribers.delete(this);
    this.feed = url ? feedFor(url, this.constructor) : null;
    if (!url) {
      this.state = "error";
      this.emit("error", { status: 0, message: "The src attribute is missing.", offline: false });
      return null;
    }
    this.feed.subscribers.add(this);
    return this.feed;
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(this.constructor.eventPrefix + type, { detail, bubbles: true, composed: true }));
  }

  renderStart(className, titleText, messages) {
    const words = this.words;
    const { region, content } = this.shell;
    region.className = "box " + className + (this.compact ? " compact" : "");
    // Landmarks are told apart by name: two widgets of one report need a label each.
    setOrRemove(region, "aria-label", this.label || null);
    setOrRemove(region, "aria-labelledby", this.label ? null : "title");
    region.setAttribute("aria-busy", this.state == "loading");
    region.setAttribute("lang", words.locale.slice(0, 2));
    const title = element("h" + this.headingLevel, { id: "title", part: "title" }, titleText);
    if (this.state == "loading") content.replaceChildren(title, skeleton(messages.loading));
    else if (this.state == "error" || this.state == "empty") content.replaceChildren(title, element("p", { part: "message" }, messages[this.state]), element("slot"));
    else return title;
    return null;
  }
}

function skeleton(label) {
  return element("div", { class: "skeleton", part: "skeleton" }, element("span", { class: "visually-hidden" }, label), element("i"), element("i"), element("i"), element("i"));
}

export class LagesbildWidget extends FeedElement {
  static observedAttributes = ["src", "series", "sections", "max-items", "refresh", "lang", "heading-level", "compact", "detail", "changes", "label"];
  static eventPrefix = "lagesbild:";
  static isValid = isReport;
  static remember = true;
  static #resizeObserver = window.ResizeObserver && new ResizeObserver((entries) => entries.forEach((entry) => entry.target.#fitToWidth()));

  #shown = null; // the report on screen
  #lateTimer = 0;

  connectedCallback() {
    super.connectedCallback();
    LagesbildWidget.#resizeObserver?.observe(this);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    LagesbildWidget.#resizeObserver?.unobserve(this);
    clearTimeout(this.#lateTimer);
  }

  get series() {
    return (this.getAttribute("series") || "").trim();
  }
  set series(value) {
    this.reflect("series", value || null);
  }

  get sections() {
    return this.getAttribute("sections") || "";
  }
  set sections(value) {
    this.reflect("sections", value);
  }

  get maxItems() {
    return Math.max(0, parseInt(this.getAttribute("max-items")) || 0);
  }
  set maxItems(value) {
    this.reflect("max-items", value == null ? null : Math.max(0, parseInt(value) || 0));
  }

  get refresh() {
    const seconds = parseFloat(this.getAttribute("refresh") ?? 300);
    return seconds >= 0 ? seconds : 300;
  }
  set refresh(value) {
    this.reflect("refresh", value == null ? null : Math.max(0, Number(value) || 0));
  }

  get detail() {
    const value = this.getAttribute("detail");
    return value == "glance" || value == "full" ? value : "auto";
  }
  set detail(value) {
    this.reflect("detail", value == "glance" || value == "full" ? value : null);
  }

  get changes() {
    const value = this.getAttribute("changes");
    return value == "only" ? value : "mark";
  }
  set changes(value) {
    this.reflect("changes", value == "only" ? value : null);
  }

  get feedUrl() {
    const url = super.feedUrl;
    if (!url || !this.series) return url;
    const withSeries = new URL(url);
    withSeries.searchParams.set("series", this.series);
    return withSeries.href;
  }

  connectFeed() {
    const feed = super.connectFeed();
    if (!feed) return (this.#shown = this.feed ? this.#shown : null);
    // A stored or shared copy shows at once while the feed revalidates.
    this.#shown = feed.data;
    this.state = feed.data ? "report" : "loading";
    if (!feed.data || Date.now() - feed.lastAttempt > 5000) feed.refresh();
    poller.schedule();
  }

  receive(outcome) {
    const { feed, words } = this;
    if (outcome.kind == "data") {
      const previous = this.#shown;
      if (!(sameRevision(previous, feed.data) && this.state == "report")) {
        this.#shown = feed.data;
        if (previous && feed.isNewToVisitor) this.shell.status.textContent = fillIn(words.announced, feed.data.title);
        this.state = "report";
      }
      this.emit("loaded", { report: feed.data, status: outcome.status });
    } else if (outcome.kind == "unchanged") {
      if (this.state == "offline") this.state = "report";
    } else if (outcome.kind == "missing") {
      this.#shown = null;
      this.state = "empty";
      this.emit("loaded", { report: null, status: 404 });
    } else {
      const offline = !!this.#shown;
      if (offline && this.state == "report") this.shell.status.textContent = fillIn(words.offline, formatDate(feed.savedAt, words));
      this.state = offline ? "offline" : "error";
      this.emit("error", { status: outcome.status, message: outcome.message, offline });
    }
  }

  #fitToWidth() {
    const { region } = this.shell;
    const narrow = region.clientWidth < 30 * parseFloat(getComputedStyle(region).fontSize);
    region.classList.toggle("glance", this.detail == "glance" || (this.detail == "auto" && narrow));
  }

  render() {
    const { words, feed } = this;
    const report = this.#shown;
    const title = this.renderStart("report", (report && this.state != "empty" && report.title) || words.title, words);
    this.#fitToWidth();
    if (!title) return;

    const link = safeUrl(report.url, feed.url); // the report page
    const base = link || feed.url;
    const series = safeUrl(report.series?.url, feed.url); // its "Prenumerera" form is beside it
    if (feed.isNewToVisitor) title.append(element("span", { class: "new-to-visitor", part: "new" }, words.new));
    const nextAt = report.next_expected_at;
    const untilNext = new Date(nextAt) - Date.now();
    const isLate = nextAt && untilNext < 0;
    // Redraw when the next report becomes late (within setTimeout's range).
    clearTimeout(this.#lateTimer);
    if (untilNext > 0 && untilNext < 2e9) this.#lateTimer = setTimeout(() => queueRender(this), untilNext + 1000);

    const marks = report.changes?.compared_with != null; // a first report has nothing to compare with
    const only = marks && this.changes == "only"; // and then changes="only" shows all of it
    const context = { level: this.headingLevel + 1, base, reportUrl: link, words, marks, only };
    const chosen = this.#chosenSections(report);
    const sections = chosen.map((section, index) => this.#section(section, { ...context, index }));
    // What changed in the sections not shown; changes="only" shows just what it was asked for.
    const news = marks && !only && this.#newsElsewhere(report.sections.filter((section) => !chosen.includes(section)), context);
    this.shell.content.replaceChildren(
      ...withoutBlanks([
        title,
        element("p", { class: "meta", part: "meta" }, words.compiled + " ", element("time", { datetime: report.compiled_at }, formatDate(report.compiled_at, words))),
        marks && this.#summary(report.changes, news, words),
        this.state == "offline" && element("p", { class: "note late", part: "offline" }, fillIn(words.offline, formatDate(feed.savedAt, words))),
        sections,
        news,
        nextAt && element("p", { class: isLate ? "note late" : "note", part: isLate ? "overdue" : "next" }, fillIn(isLate ? words.late : words.next, formatDate(nextAt, words))),
        link && element("a", { class: "more", part: "link", href: link }, words.readReport),
        series && element("a", { class: "subscribe", part: "subscribe", href: series + "prenumerera/" }, words.subscribe),
      ]),
    );
  }

  #chosenSections(report) {
    const all = report.sections;
    // Only what changed: every section unless the host chose some.
    const wanted = (this.sections || (this.changes == "only" ? "all" : "0")).trim();
    if (/^all$/i.test(wanted)) return all;
    const picked = wanted.split(/[\s,]+/).map(Number).filter((index) => Number.isInteger(index) && all[index]);
    return picked.length ? picked.map((index) => all[index]) : all.slice(0, 1);
  }

  // "3 nya och 2 ändrade punkter sedan förra lägesbilden": a link to the list of them when there is one.
  #summary(changes, news, words) {
    const text = words.changeSummary(changes.new || 0, changes.changed || 0);
    if (!news) return element("p", { class: "meta", part: "summary" }, text);
    const link = element("a", { href: "#news", part: "summary-link" }, text);
    link.addEventListener("click", (event) => {
      // The part is in the shadow root, out of reach of the page's own #fragment navigation.
      event.preventDefault();
      const heading = this.shadowRoot.getElementById("news-heading");
      heading.scrollIntoView({ block: "start" });
      heading.focus({ preventScroll: true });
    });
    return element("p", { class: "meta", part: "summary" }, link);
  }

  #section(section, context) {
    const { level, base, words, marks, only } = context;
    let items = section.items || [];
    if (only) items = items.filter(hasChange);
    if (this.maxItems) items = items.slice(0, this.maxItems);
    if (only && !items.length) return null;
    const list = (renderItem) => element("ul", { part: "list" }, items.map((item) => element("li", null, marks && changeBadge(item.change, words), renderItem(item))));
    const body = {
      bullets: () => this.#bulletList(items, String(context.index), context),
      actions: () => list((action) => [element("time", { datetime: action.date }, formatDate(action.date, words, false, false)), ": ", linkOrText(action.title, action.url, base)]),
      links: () => list((item) => linkOrText(item.title, item.url, base)),
      people: () => !only && list((person) => [person.name, person.role && ", " + person.role, person.email && [" ", linkOrText(person.email, "mailto:" + person.email, base)], person.phone && " " + person.phone]),
      text: () => !only && richContent("div", section.html, base),
    }[section.type]?.();
    return body && element("div", { class: "rapport-section", part: "section" }, element("h" + Math.min(6, level), { part: "section-heading" }, section.heading), body);
  }

  #bulletList(items, path, context) {
    const { base, words, marks, only } = context;
    return element(
      "ul",
      { part: "list" },
      items.map((item, index) => {
        const li = richContent("li", item.html, base);
        if (marks) li.prepend(...withoutBlanks([changeBadge(item.change, words)]));
        if (marks && hasChange(item)) li.classList.add("has-change");
        const children = only ? (item.children || []).filter(hasChange) : item.children || [];
        if (children.length) {
          const key = path + "/" + index;
          const childList = this.#bulletList(children, key, context);
          if (!path.includes("/")) this.#addDisclosure(li, childList, key, marks, words);
          li.append(childList);
        }
        return li;
      }),
    );
  }

  // Children marked new or changed stay visible, so the button counts only the ones it hides.
  #addDisclosure(item, childList, key, marks, words) {
    const hidden = [...childList.querySelectorAll("li")].filter((child) => !(marks && child.classList.contains("has-change"))).length;
    if (!hidden) return;
    const id = "children-" + key.replace(/\W/g, "-");
    childList.id = id;
    const button = element("button", { type: "button", class: "toggle", part: "toggle", "aria-controls": id });
    const setExpanded = (expanded) => {
      button.setAttribute("aria-expanded", expanded);
      button.textContent = words.toggleChildren(hidden, expanded);
      item.classList.toggle("folded", !expanded);
    };
    button.addEventListener("click", () => setExpanded(button.getAttribute("aria-expanded") != "true"));
    setExpanded(false);
    item.append(button);
  }

  // "Nytt sedan förra lägesbilden": each new or changed item of `sections`, under its section's
  // heading, as a link to its place on the report page. Null when nothing there changed.
  #newsElsewhere(sections, context) {
    const { level, words } = context;
    const groups = sections
      .map((section) => [section, changedItems(section)])
      .filter(([, changed]) => changed.length)
      .map(([section, changed]) =>
        element(
          "div",
          { class: "news-section", part: "news-section" },
          element("h" + Math.min(6, level + 1), { part: "news-section-heading" }, section.heading),
          element("ul", { part: "list" }, changed.map((item) => element("li", null, changeBadge(item.change, words), this.#newsLink(section.type, item, context)))),
        ),
      );
    if (!groups.length) return null;
    const heading = element("h" + Math.min(6, level), { id: "news-heading", part: "news-heading", tabindex: "-1" }, words.newSince);
    return element("div", { class: "news", part: "news", id: "news" }, heading, groups);
  }

  // The item as one line of text (a link must not hold the item's own links) to its anchor.
  #newsLink(type, item, { base, reportUrl, words }) {
    let text = item.title;
    if (type == "actions") text = formatDate(item.date, words, false, false) + ": " + text;
    if (type == "bullets") text = richContent("span", item.html, base).textContent;
    if (!reportUrl) return text;
    // An answer stored before anchors existed links to the report page itself.
    return element("a", { href: item.anchor ? reportUrl + "#" + item.anchor : reportUrl, part: "news-link" }, text);
  }
}

export class FaqWidget extends FeedElement {
  static observedAttributes = ["src", "search", "lang", "heading-level", "compact", "label"];
  static eventPrefix = "faq:";
  static isValid = isFaq;

  #results = null; // {query, data} while a search is shown
  #searchForm = null; // kept across redraws, with its focus

  get search() {
    return this.hasAttribute("search");
  }
  set search(value) {
    this.toggleAttribute("search", !!value);
  }

  connectFeed() {
    const feed = super.connectFeed();
    if (!feed) return;
    this.#results = null;
    this.state = feed.data ? "faq" : "loading";
    if (!feed.data) feed.refresh();
  }

  receive(outcome) {
    if (outcome.kind == "data") {
      this.state = "faq";
      this.emit("loaded", { faq: this.feed.data, status: outcome.status });
    } else if (outcome.kind == "missing") {
      this.state = "empty";
      this.emit("loaded", { faq: null, status: 404 });
    } else if (outcome.kind == "failed") {
      this.state = "error";
      this.emit("error", { status: outcome.status, message: outcome.message });
    }
  }

  async #runSearch(query) {
    const { status } = this.shell;
    this.#results = null;
    status.textContent = "";
    if (query) {
      const url = new URL(this.feed.url);
      url.searchParams.set("q", query);
      try {
        const response = await FaqWidget.fetch(url.href, { credentials: "omit", cache: "no-cache" });
        const data = response.ok && (await response.json());
        if (!isFaq(data)) throw Error("HTTP " + response.status);
        this.#results = { query, data };
        status.textContent = this.words.found(data.categories.reduce((sum, category) => sum + category.questions.length, 0), query);
      } catch (error) {
        status.textContent = this.words.faqError;
        this.emit("error", { status: 0, message: error.message });
      }
    }
    queueRender(this);
  }

  render() {
    const { words, feed } = this;
    const faq = feed?.data;
    const title = this.renderStart("faq", (this.state == "faq" && faq.title) || words.faqTitle, { loading: words.faqLoading, error: words.faqError, empty: words.faqEmpty });
    if (!title) return;

    const { content, status } = this.shell;
    const base = safeUrl(faq.url, feed.url) || feed.url;
    const shown = this.#results?.data || faq;
    const focused = this.shadowRoot.activeElement; // the search box, moved by replaceChildren
    const link = safeUrl(faq.url, feed.url);
    content.replaceChildren(
      ...withoutBlanks([
        title,
        faq.intro_html && richContent("div", faq.intro_html, base, { part: "intro" }),
        this.search && (this.#searchForm ||= this.#buildSearchForm(words)),
        this.#results && element("p", { class: "meta", part: "result-count" }, status.textContent),
        shown.categories
          .filter((category) => category.questions.length)
          .map((category) =>
            element(
              "div",
              { class: "category", part: "category" },
              element("h" + Math.min(6, this.headingLevel + 1), { part: "category-heading" }, category.heading),
              category.questions.map((question) => this.#question(question, base, words)),
            ),
          ),
        link && element("a", { class: "more", part: "link", href: link }, words.readFaq),
      ]),
    );
    focused?.focus();
  }

  #question(question, base, words) {
    return element(
      "details",
      { part: "question" },
      // Changed since the maintainers last reviewed it (faq/updates.py).
      element("summary", { part: "question-summary" }, question.changed_since_review && badge("updated", "changed", words.questionUpdated), question.question),
      element(
        "div",
        { class: "answer", part: "answer" },
        richContent("div", question.html, base),
        question.reviewed_at && element("p", { class: "meta", part: "reviewed" }, fillIn(words.reviewed, formatDate(question.reviewed_at, words, false))),
      ),
    );
  }

  #buildSearchForm(words) {
    const input = element("input", { type: "search", id: "faq-search" });
    const form = element("form", { role: "search", part: "search" }, element("label", { for: "faq-search", class: "visually-hidden" }, words.search), input, element("button", { type: "submit" }, words.searchButton));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.#runSearch(input.value.trim());
    });
    input.addEventListener("search", () => !input.value && this.#runSearch("")); // cleared with ×
    return form;
  }
}

if (!customElements.get("lagesbild-widget")) customElements.define("lagesbild-widget", LagesbildWidget);
if (!customElements.get("faq-widget")) customElements.define("faq-widget", FaqWidget);
