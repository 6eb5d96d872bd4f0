// <lagesbild-widget>: the latest lägesbild on any intranet page. No dependencies.
// Attributes: README.md; the JSON: docs/api.md.

const TEXT = {
  sv: {
    locale: "sv-SE",
    title: "Lägesbild",
    compiled: "Sammanställd",
    at: " kl. ",
    read: "Läs hela rapporten",
    new: "Ny",
    next: "Nästa lägesbild väntas %s.",
    late: "Nästa lägesbild väntades %s men har inte publicerats ännu.",
    loading: "Hämtar lägesbilden …",
    error: "Lägesbilden kunde inte hämtas just nu.",
    empty: "Ingen lägesbild är publicerad ännu.",
    offline: "Kunde inte hämta den senaste lägesbilden. Du ser den som hämtades %s.",
    updated: "Ny lägesbild: %s",
  },
  en: {
    locale: "en-GB",
    title: "Situation report",
    compiled: "Compiled",
    at: " at ",
    read: "Read the full report",
    new: "New",
    next: "The next report is expected %s.",
    late: "The next report was expected %s but has not been published yet.",
    loading: "Loading the situation report …",
    error: "The situation report could not be loaded right now.",
    empty: "No situation report has been published yet.",
    offline: "Could not load the latest report. You are seeing the one loaded %s.",
    updated: "New situation report: %s",
  },
};

const CSS = `
:host{display:block!important;contain:content!important}
:host([hidden]){display:none!important}
.w{all:initial;display:block;box-sizing:border-box;font:var(--lagesbild-font-size,16px)/1.5 var(--lagesbild-font,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);color:var(--lagesbild-color,#1b1b1b);background:var(--lagesbild-bg,#fff);border:var(--lagesbild-border,1px solid #c4c4c4);border-radius:var(--lagesbild-radius,6px);padding:var(--lagesbild-padding,1em 1.25em)}
.compact{font-size:var(--lagesbild-compact-font-size,14px);padding:.5em .75em}
.w *{box-sizing:border-box}
h1,h2,h3,h4,h5,h6{font-size:1.3em;line-height:1.25;font-weight:700;margin:0 0 .25em;color:var(--lagesbild-heading-color,inherit)}
.s>:first-child{font-size:1.05em;margin:1em 0 .25em}
.compact .s>:first-child{margin-top:.5em}
p{margin:.5em 0}
ul{margin:.25em 0;padding:0 0 0 1.25em;list-style:disc}
ul ul{list-style:circle}
li{margin:.25em 0}
a{color:var(--lagesbild-link,#0b57a4);text-decoration:underline}
a:focus-visible{outline:3px solid var(--lagesbild-focus,#0b57a4);outline-offset:2px;border-radius:2px}
.m,.n{color:var(--lagesbild-muted,#4d4d4d);font-size:.9em}
.late{border-left:4px solid var(--lagesbild-alert,#a8201a);padding-left:.5em;color:inherit}
.new{display:inline-block;margin-left:.5em;padding:0 .4em;border-radius:3px;background:var(--lagesbild-new-bg,#a8201a);color:var(--lagesbild-new-color,#fff);font-size:.65em;vertical-align:middle}
.more{display:inline-block;margin-top:.5em;font-weight:600}
.sk{height:var(--lagesbild-min-height,14em)}
.sk i{display:block;height:1em;margin:.9em 0;background:#e6e6e6;border-radius:3px;animation:p 1.5s ease-in-out infinite}
.sk i:nth-child(2n){width:70%}
@keyframes p{50%{opacity:.45}}
@media (prefers-reduced-motion:reduce){.sk i{animation:none}}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

let sheet;
const styles = (root) => {
  if (root.adoptedStyleSheets && window.CSSStyleSheet) {
    // Constructable: passes a CSP that blocks inline <style>.
    if (!sheet) (sheet = new CSSStyleSheet()).replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } else root.append(h("style", 0, CSS));
};

// DOM from createElement and text nodes only.
const h = (tag, attrs, ...kids) => {
  const el = document.createElement(tag);
  for (const k in attrs || {}) if (attrs[k] != null) el.setAttribute(k, attrs[k]);
  return fill(el, kids, "append");
};
const fill = (el, kids, how = "replaceChildren") => (el[how](...kids.flat(9).filter((kid) => kid || kid === 0)), el);

const put = (template, value) => template.replace("%s", value);

const store = {
  get(key) {
    try {
      return JSON.parse(localStorage.getItem(key));
    } catch {
      return null;
    }
  },
  set(key, value) {
    try {
      value == null ? localStorage.removeItem(key) : localStorage.setItem(key, JSON.stringify(value));
    } catch {} // full or blocked: works without
  },
};

const when = (iso, t, time = true) => {
  const date = new Date(iso);
  if (!iso || isNaN(date)) return "";
  const f = (o) => new Intl.DateTimeFormat(t.locale, { timeZone: "Europe/Stockholm", ...o }).format(date);
  const day = f(time ? { day: "numeric", month: "long", year: "numeric" } : { day: "numeric", month: "long" });
  return time ? day + t.at + f({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" }) : day;
};

// The server's URL rule: http(s), mailto, relative; "#", "//" and other schemes give no link.
const safeUrl = (raw, base) => {
  if (typeof raw != "string" || /^\s*(#|$|[\\/]{2})/.test(raw)) return null;
  try {
    const url = new URL(raw, base);
    return /^(https?|mailto):$/.test(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
};

// Defence in depth: the server's html, parsed inert, rebuilt node by node from its allowlist.
const ALLOWED = /^(p|br|ul|ol|li|a|strong|em|b|i)$/i;
const DROPPED = /^(script|style|template|noscript|iframe|object|embed|svg|math|textarea|title|xmp|noembed|noframes|plaintext|applet|frameset|frame)$/i;
let policy;
const parse = (html) => {
  if (policy === undefined) {
    try {
      // feeds the inert parser only
      policy = window.trustedTypes?.createPolicy("lagesbild", { createHTML: (s) => s }) || null;
    } catch {
      policy = null;
    }
  }
  return new DOMParser().parseFromString(policy ? policy.createHTML(html) : html, "text/html").body;
};
const rebuild = (from, into, base) => {
  for (const node of from.childNodes) {
    if (node.nodeType == 3) into.append(node.data);
    if (node.nodeType != 1 || DROPPED.test(node.localName)) continue;
    let el = ALLOWED.test(node.localName) && node.namespaceURI == "http://www.w3.org/1999/xhtml";
    if (el && node.localName == "a") {
      const href = safeUrl(node.getAttribute("href"), base);
      el = href && h("a", { href, title: node.getAttribute("title") });
    } else if (el) el = h(node.localName);
    rebuild(node, el || into, base); // not allowed: keep its allowed content
    if (el) into.append(el);
  }
  return into;
};
const rich = (tag, html, base) => {
  const el = h(tag);
  try {
    return rebuild(parse(String(html || "")), el, base);
  } catch {
    // Trusted Types refused our policy: text only.
    el.append(String(html || "").replace(/<[^>]*>/g, ""));
    return el;
  }
};

export class LagesbildWidget extends HTMLElement {
  static observedAttributes = ["src", "series", "sections", "max-items", "refresh", "lang", "heading-level", "compact"];
  // Replaceable (tests, proxies).
  static fetch = (url, init) => fetch(url, init);

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    styles(root);
    this._main = h("div");
    this._status = h("div", { class: "vh", role: "status", "aria-live": "polite" });
    this._region = h("section", { part: "region", "aria-labelledby": "t" }, this._main, this._status);
    root.append(this._region);
    this._state = "loading";
  }

  connectedCallback() {
    this._on = 1;
    this._render(); // attributes may have changed while it was out of the document
    this._load().finally(() => this._schedule());
  }

  disconnectedCallback() {
    this._on = 0;
    clearTimeout(this._timer);
    clearTimeout(this._due);
  }

  attributeChangedCallback(name, old, value) {
    // An upgrade reports attributes before connectedCallback.
    if (!this._on || old === value) return;
    if (name == "src" || name == "series") this._load();
    else if (name == "refresh") this._schedule();
    else this._render();
  }

  get maxItems() {
    return Math.max(0, parseInt(this.getAttribute("max-items")) || 0);
  }
  set maxItems(n) {
    this._set("max-items", n);
  }
  get refresh() {
    const n = parseFloat(this.getAttribute("refresh") ?? 300);
    return n >= 0 ? n : 300;
  }
  set refresh(n) {
    this._set("refresh", n);
  }
  get headingLevel() {
    return Math.min(6, Math.max(1, parseInt(this.getAttribute("heading-level")) || 2));
  }
  set headingLevel(n) {
    this._set("heading-level", n);
  }
  get compact() {
    return this.hasAttribute("compact");
  }
  set compact(on) {
    this.toggleAttribute("compact", !!on);
  }
  _set(name, value) {
    value == null ? this.removeAttribute(name) : this.setAttribute(name, value);
  }

  _url() {
    try {
      const url = new URL(this.src, document.baseURI);
      if (this.series) url.searchParams.set("series", this.series);
      return this.src && url.href;
    } catch {
      return "";
    }
  }

  _t() {
    return TEXT[/^en\b/i.test(this.lang) ? "en" : "sv"];
  }

  _schedule() {
    clearTimeout(this._timer);
    const seconds = this.refresh;
    if (seconds > 0 && this._on)
      this._timer = setTimeout(
        async () => {
          if (!document.hidden) await this._load();
          this._schedule();
        },
        Math.max(1, seconds) * 1000,
      );
  }

  async _load() {
    const url = this._url();
    if (url != this._url0) {
      // New source: show the stored copy meanwhile.
      this._url0 = url;
      this._etag = this._report = null;
      const saved = url && store.get("lagesbild:" + url);
      if (saved?.report?.sections) {
        this._etag = saved.etag;
        this._take(saved.report, saved.at);
      } else this._show("loading");
    }
    if (!url) return this._fail(0, "The src attribute is missing.");
    let response, report;
    try {
      response = await LagesbildWidget.fetch(url, {
        headers: this._etag ? { "If-None-Match": this._etag } : {},
        credentials: "omit",
      });
      if (url != this._url0) return;
      if (response.status == 304) return this._state == "offline" && this._show("report"); // unchanged
      if (response.status == 404) {
        store.set("lagesbild:" + url, null);
        this._report = null;
        this._show("empty");
        return this._emit("loaded", { report: null, status: 404 });
      }
      if (!response.ok) throw Error("HTTP " + response.status);
      report = await response.json();
      if (!Array.isArray(report?.sections)) throw Error("Not a report");
    } catch (error) {
      if (url == this._url0) this._fail(response?.status || 0, error.message);
      return;
    }
    if (url != this._url0) return;
    this._etag = response.headers.get("ETag");
    const at = new Date().toISOString();
    store.set("lagesbild:" + url, { etag: this._etag, report, at });
    const old = this._report;
    if (old?.id === report.id && old.last_published_at === report.last_published_at && this._state == "report") {
      this._savedAt = at; // same revision: nothing to redraw
    } else {
      this._take(report, at);
      if (old && this._new) this._status.textContent = put(this._t().updated, report.title);
    }
    this._emit("loaded", { report, status: response.status });
  }

  _take(report, at) {
    const key = "lagesbild-seen:" + this._url0;
    const seen = store.get(key);
    this._new = !!seen && seen.id !== report.id && new Date(report.compiled_at) >= new Date(seen.compiled_at);
    store.set(key, { id: report.id, compiled_at: report.compiled_at });
    this._report = report;
    this._savedAt = at;
    this._show("report");
  }

  _fail(status, message) {
    const offline = !!this._report;
    this._show(offline ? "offline" : "error");
    this._emit("error", { status, message, offline });
  }

  _emit(type, detail) {
    this.dispatchEvent(new CustomEvent("lagesbild:" + type, { detail, bubbles: true, composed: true }));
  }

  _show(state) {
    if (state == "offline" && this._state == "report") this._status.textContent = put(this._t().offline, when(this._savedAt, this._t()));
    this._state = state;
    this._render();
  }

  _render() {
    const t = this._t();
    const level = this.headingLevel;
    const state = this._state;
    const report = this._report;
    this._region.className = "w" + (this.compact ? " compact" : "");
    this._region.setAttribute("aria-busy", state == "loading");
    this._region.setAttribute("lang", t.locale.slice(0, 2));
    const title = h("h" + level, { id: "t", part: "title" }, report && state != "empty" ? report.title : t.title);
    if (state == "loading")
      return fill(this._main, [title, h("div", { class: "sk", part: "skeleton" }, h("span", { class: "vh" }, t.loading), h("i"), h("i"), h("i"), h("i"))]);
    if (!report || state == "empty" || state == "error")
      return fill(this._main, [title, h("p", { part: "message" }, t[state] || t.error), h("slot")]);

    const base = safeUrl(report.url, this._url0) || this._url0;
    if (this._new) title.append(h("span", { class: "new", part: "new" }, t.new));
    const next = report.next_expected_at;
    const wait = new Date(next) - Date.now();
    const late = next && wait < 0;
    clearTimeout(this._due); // redraw when the next report becomes late (within setTimeout's range)
    if (wait > 0 && wait < 2e9) this._due = setTimeout(() => this._render(), wait + 1e3);
    const link = safeUrl(report.url, this._url0);
    fill(this._main, [
      title,
      h("p", { class: "m", part: "meta" }, t.compiled + " ", h("time", { datetime: report.compiled_at }, when(report.compiled_at, t))),
      state == "offline" && h("p", { class: "n late", part: "offline" }, put(t.offline, when(this._savedAt, t))),
      this._sections(report).map((section) => this._section(section, level + 1, base, t)),
      next && h("p", { class: late ? "n late" : "n", part: late ? "overdue" : "next" }, put(late ? t.late : t.next, when(next, t))),
      link && h("a", { class: "more", part: "link", href: link }, t.read),
    ]);
  }

  _sections(report) {
    const all = report.sections;
    const wanted = (this.getAttribute("sections") || "0").trim();
    if (/^all$/i.test(wanted)) return all;
    const picked = wanted.split(/[\s,]+/).map(Number).filter((i) => Number.isInteger(i) && all[i]).map((i) => all[i]);
    return picked.length ? picked : all.slice(0, 1);
  }

  _section(section, level, base, t) {
    const limit = (items = []) => (this.maxItems ? items.slice(0, this.maxItems) : items);
    const link = (title, url) => ((url = safeUrl(url, base)) ? h("a", { href: url }, title) : title);
    const list = (items, each) => h("ul", { part: "list" }, limit(items).map((item) => h("li", 0, each(item))));
    const bullets = (items) =>
      h("ul", { part: "list" }, items.map((item) => {
        const li = rich("li", item.html, base);
        if (item.children?.length) li.append(bullets(item.children));
        return li;
      }));
    const body = {
      bullets: (s) => bullets(limit(s.items)),
      actions: (s) => list(s.items, (a) => [h("time", { datetime: a.date }, when(a.date, t, false)), ": ", link(a.title, a.url)]),
      links: (s) => list(s.items, (l) => link(l.title, l.url)),
      people: (s) =>
        list(s.items, (p) => [
          p.name,
          p.role && ", " + p.role,
          p.email && [" ", link(p.email, "mailto:" + p.email)],
          p.phone && " " + p.phone,
        ]),
      text: (s) => rich("div", s.html, base),
    }[section.type];
    return body && h("div", { class: "s", part: "section" }, h("h" + Math.min(6, level), { part: "section-heading" }, section.heading), body(section));
  }
}

for (const name of ["src", "series", "sections"])
  Object.defineProperty(LagesbildWidget.prototype, name, {
    get() {
      return this.getAttribute(name) || "";
    },
    set(value) {
      this._set(name, value);
    },
  });

if (!customElements.get("lagesbild-widget")) customElements.define("lagesbild-widget", LagesbildWidget);
