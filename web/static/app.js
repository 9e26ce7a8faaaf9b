// casestudy serve's page: selection to comment, actions without a reload,
// threads beside their lines, keyboard shortcuts, and a redraw whenever the
// repository changes. Everything it sends carries the page's token; the
// server does the work through the same functions as the commands.
(function () {
  "use strict";
  const token = document.body.dataset.token;
  let stamp = document.body.dataset.stamp;
  let source = readSource(document);
  let lastNotice = null;
  let selected = null; // {path, start, end} the comment box is about
  let currentThread = -1;
  let currentId = ""; // the thread j/k went to, kept across redraws
  const box = document.getElementById("commentbox");
  const here = document.getElementById("comment-here");
  const wide = window.matchMedia("(min-width: 1000px)");

  function readSource(doc) {
    try { return JSON.parse(doc.getElementById("source").textContent) || {}; } catch (e) { return {}; }
  }
  function open() { return document.getElementById("live").dataset.open === "1"; }
  // Threads (and unsent comments) in the order of their lines, wherever the
  // layout has put them.
  function threads() {
    const docs = Array.from(document.querySelectorAll("#doc .doc")).map(d => d.dataset.path);
    const key = t => [docs.indexOf(t.dataset.path), Number(t.dataset.start), Number(t.dataset.index)];
    return Array.from(document.querySelectorAll("#live .thread")).sort((a, b) => {
      const x = key(a), y = key(b);
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
    });
  }
  function markers() { return Array.from(document.querySelectorAll("#doc .prose .ln")); }
  function marker(path, line) {
    return document.querySelector('#doc .ln[data-path="' + CSS.escape(path) + '"][data-line="' + Number(line) + '"]');
  }

  // The text of lines start..end of a file, as a Range: from the first
  // line's marker to the next line's.
  const blocks = "p, li, h1, h2, h3, h4, h5, h6, pre, blockquote, td, th";
  function linesRange(path, start, end) {
    const a = marker(path, start);
    if (!a) return null;
    const ms = markers();
    let i = ms.indexOf(marker(path, end) || a);
    const r = new Range();
    r.setStartAfter(a);
    // Up to the next line's marker, or the end of the last line's block
    // when the next line is in another one (a thread may sit between).
    const next = ms[i + 1];
    const block = ms[i].closest(blocks) || a.closest(".prose");
    if (next && next.dataset.path === path && block.contains(next)) r.setEndBefore(next);
    else r.setEndAfter(block.lastChild);
    return r;
  }

  // Commented lines, the current thread's and the lines being commented on
  // are highlighted with the CSS Custom Highlight API, which marks text
  // without changing the page's elements; browsers without it go without.
  function highlight() {
    if (!window.Highlight || !CSS.highlights) return;
    const commented = new Highlight(), current = new Highlight(), chosen = new Highlight();
    for (const t of threads()) {
      if (t.classList.contains("outdated") || t.classList.contains("resolved")) continue;
      const r = linesRange(t.dataset.path, Number(t.dataset.start), Number(t.dataset.end));
      if (!r) continue;
      commented.add(r);
      if (t.dataset.id === currentId) current.add(r);
    }
    if (selected) {
      const r = linesRange(selected.path, selected.start, selected.end);
      if (r) chosen.add(r);
    }
    CSS.highlights.set("commented", commented);
    CSS.highlights.set("current", current);
    CSS.highlights.set("chosen", chosen);
  }

  // ---- which lines a selection covers: the markers before its start and end
  function linesOf(range) {
    let start = null, end = null;
    for (const m of markers()) {
      const pos = range.comparePoint(m, 0);
      if (pos > 0) break;
      if (pos < 0) start = m;
      end = m;
    }
    if (!end) return null;
    if (!start || start.dataset.path !== end.dataset.path) {
      start = markers().find(m => m.dataset.path === end.dataset.path && range.comparePoint(m, 0) === 0) || end;
    }
    const a = Number(start.dataset.line), b = Number(end.dataset.line);
    return { path: end.dataset.path, start: Math.min(a, b), end: Math.max(a, b) };
  }

  function selectionLines() {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    const range = sel.getRangeAt(0);
    const doc = document.getElementById("doc");
    if (!doc || !doc.contains(range.commonAncestorContainer)) return null;
    return linesOf(range);
  }

  function showHere() {
    const lines = open() && box.hidden ? selectionLines() : null;
    if (!lines) { here.hidden = true; return; }
    const rect = window.getSelection().getRangeAt(0).getBoundingClientRect();
    here.style.top = (rect.bottom + window.scrollY + 6) + "px";
    here.style.left = Math.max(8, Math.min(rect.left + window.scrollX, document.documentElement.clientWidth - 160)) + "px";
    here.hidden = false;
  }
  let selTimer = 0;
  document.addEventListener("selectionchange", () => { clearTimeout(selTimer); selTimer = setTimeout(showHere, 120); });
  here.addEventListener("mousedown", ev => ev.preventDefault()); // keep the selection
  here.addEventListener("click", () => { const l = selectionLines(); if (l) openBox(l); });

  // ---- the comment box
  function markSelected() {
    document.querySelectorAll(".ln.selected").forEach(m => m.classList.remove("selected"));
    highlight();
    if (!selected) return;
    for (let n = selected.start; n <= selected.end; n++) {
      const m = marker(selected.path, n);
      if (m) m.classList.add("selected");
    }
  }
  function openBox(lines) {
    if (!open()) { notice({ ok: false, message: "Nothing is in review, so there is nothing to comment on yet." }); return; }
    selected = lines;
    box.elements.path.value = lines.path;
    box.elements.start.value = lines.start;
    box.elements.end.value = lines.end;
    const where = lines.start === lines.end ? "line " + lines.start : "lines " + lines.start + "–" + lines.end;
    box.querySelector(".where").textContent = "Comment on " + lines.path + ", " + where;
    const text = (source[lines.path] || []).slice(lines.start - 1, lines.end).join("\n");
    const suggestion = box.elements.suggestion;
    if (!box.elements.suggest.checked || !suggestion.value) suggestion.value = text;
    box.hidden = false;
    here.hidden = true;
    markSelected();
    placeBox();
    box.elements.text.focus();
  }
  // On a wide screen the box stands in the margin beside the first selected
  // line; on a narrow one it is a sheet at the bottom (the style sheet's).
  function placeBox() {
    const m = selected && marker(selected.path, selected.start);
    const margin = document.getElementById("margin");
    if (!wide.matches || !m || !margin) { box.classList.remove("beside"); box.style.top = box.style.left = box.style.width = ""; return; }
    const r = margin.getBoundingClientRect();
    box.classList.add("beside");
    box.style.left = (r.left + window.scrollX) + "px";
    box.style.width = r.width + "px";
    box.style.top = (m.getBoundingClientRect().top + window.scrollY - 12) + "px";
  }
  function closeBox() {
    box.hidden = true;
    box.reset();
    box.elements.suggestion.hidden = true;
    selected = null;
    markSelected();
  }
  box.elements.suggest.addEventListener("change", () => {
    box.elements.suggestion.hidden = !box.elements.suggest.checked;
    if (box.elements.suggest.checked) box.elements.suggestion.focus();
  });
  box.querySelector(".cancel").addEventListener("click", closeBox);

  // A line number selects its line; with Shift, the lines up to it.
  document.addEventListener("click", ev => {
    const m = ev.target.closest && ev.target.closest("#doc .ln");
    if (!m) return;
    const path = m.dataset.path, n = Number(m.dataset.line);
    if (ev.shiftKey && selected && selected.path === path) {
      openBox({ path, start: Math.min(selected.start, n), end: Math.max(selected.end, n) });
    } else {
      openBox({ path, start: n, end: n });
    }
  });

  // ---- actions: the forms post through fetch, and the page redraws
  function notice(out) {
    lastNotice = out;
    const p = document.getElementById("notice");
    if (!p) return;
    p.textContent = out ? out.message : "";
    p.className = out ? (out.ok ? "ok" : "refused") : "";
  }
  async function send(url, data) {
    const res = await fetch(url, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-Casestudy-Token": token },
    });
    const text = await res.text();
    try { return JSON.parse(text); } catch (e) { return { ok: false, message: text.trim() || res.statusText }; }
  }
  document.addEventListener("submit", async ev => {
    const form = ev.target;
    if (!form.matches("form[data-action]")) return;
    ev.preventDefault();
    const data = new URLSearchParams(new FormData(form, ev.submitter));
    if (!data.get("suggest")) data.delete("suggestion");
    const buttons = form.querySelectorAll("button");
    buttons.forEach(b => { b.disabled = true; });
    try {
      let out = await send(form.getAttribute("action"), data);
      if (!out.ok && out.confirm && window.confirm(out.confirm)) {
        data.set("yes", "1");
        out = await send(form.getAttribute("action"), data);
      }
      notice(out);
      if (out.ok) {
        if (form === box) closeBox(); else form.reset();
        await refresh(true);
      }
    } catch (e) {
      notice({ ok: false, message: "casestudy serve did not answer (" + e.message + "); is it still running?" });
    } finally {
      buttons.forEach(b => { b.disabled = false; });
    }
  });

  // ---- redraw when the repository changes: another command, a sync
  function typing() {
    const live = document.getElementById("live");
    return Array.from(live.querySelectorAll("textarea")).some(t => t.value !== "" || t === document.activeElement);
  }
  async function refresh(force) {
    if (!force && typing()) return false;
    const res = await fetch(location.pathname + location.search, { headers: { "Accept": "text/html" } });
    if (!res.ok) return false;
    const doc = new DOMParser().parseFromString(await res.text(), "text/html");
    const fresh = doc.getElementById("live");
    if (!fresh) return false;
    const openDetails = Array.from(document.querySelectorAll("#live details")).map(d => d.open);
    document.getElementById("live").replaceWith(document.adoptNode(fresh));
    document.querySelectorAll("#live details").forEach((d, i) => { if (i < openDetails.length) d.open = openDetails[i]; });
    stamp = doc.body.dataset.stamp;
    document.body.dataset.stamp = stamp;
    source = readSource(doc);
    notice(lastNotice);
    markSelected();
    markCurrent();
    layout();
    return true;
  }
  async function poll() {
    try {
      const res = await fetch("/stamp?token=" + encodeURIComponent(token), { headers: { "If-None-Match": '"' + stamp + '"' } });
      if (res.status === 200) {
        const now = (await res.text()).trim();
        if (now !== stamp) await refresh(false);
      }
    } catch (e) { /* the server may be restarting; try again */ }
    setTimeout(poll, 2000);
  }

  // ---- threads beside their lines on a wide screen, in the flow otherwise
  function layout() {
    const margin = document.getElementById("margin");
    if (!margin) return;
    const list = threads();
    document.querySelectorAll(".ln.has-thread, .ln.had-thread, .ln.has-pending").forEach(m => m.classList.remove("has-thread", "had-thread", "has-pending"));
    for (const t of list) {
      const m = marker(t.dataset.path, t.dataset.start);
      if (m) m.classList.add(t.classList.contains("pending") ? "has-pending" : t.classList.contains("outdated") || t.classList.contains("resolved") ? "had-thread" : "has-thread");
    }
    if (!wide.matches || !document.querySelector("#doc .ln")) {
      margin.classList.remove("placed");
      margin.style.minHeight = "";
      list.forEach(t => { t.style.top = ""; });
      if (wide.matches) return;
      // Narrow: each thread goes right after the paragraph it is about,
      // in order.
      const placed = new Set();
      for (const t of list) {
        const m = marker(t.dataset.path, t.dataset.start);
        let after = m && m.closest("p, li, h1, h2, h3, h4, h5, h6, pre, blockquote, table");
        if (after && after.matches("li")) after = after.closest("ul, ol") || after;
        if (!after) continue;
        while (after.nextElementSibling && after.nextElementSibling !== t && placed.has(after.nextElementSibling)) {
          after = after.nextElementSibling;
        }
        if (after.nextElementSibling !== t) after.after(t);
        placed.add(t);
      }
      return;
    }
    // Wide: back in the margin, in their order, beside their lines.
    const end = margin.querySelector(".empty");
    for (const t of list) margin.insertBefore(t, end);
    margin.classList.add("placed");
    const top = margin.getBoundingClientRect().top;
    const title = margin.querySelector(".margin-title");
    let y = title ? title.offsetTop + title.offsetHeight + 4 : 0;
    for (const t of list) {
      const m = marker(t.dataset.path, t.dataset.start);
      const want = m ? m.getBoundingClientRect().top - top - 4 : y;
      const at = Math.max(want, y);
      t.style.top = at + "px";
      y = at + t.offsetHeight + 10;
    }
    margin.style.minHeight = y + "px";
  }
  window.addEventListener("resize", () => { layout(); if (!box.hidden) placeBox(); });
  document.addEventListener("toggle", layout, true);
  wide.addEventListener("change", layout);
  if (document.fonts) document.fonts.ready.then(layout);

  // ---- keyboard: j/k threads, c comment, Escape closes
  function markCurrent() {
    threads().forEach((t, i) => {
      t.classList.toggle("current", t.dataset.id === currentId);
      if (t.dataset.id === currentId) currentThread = i;
    });
    highlight();
  }
  function focusThread(i) {
    const list = threads();
    if (list.length === 0) return;
    currentThread = (i + list.length) % list.length;
    const t = list[currentThread];
    currentId = t.dataset.id;
    markCurrent();
    const m = marker(t.dataset.path, t.dataset.start);
    const calm = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    (m && wide.matches ? m : t).scrollIntoView({ block: "center", behavior: calm ? "auto" : "smooth" });
    t.focus({ preventScroll: true });
  }
  document.addEventListener("keydown", ev => {
    // Ctrl+Enter (⌘+Enter) sends the comment or reply being written; a
    // verdict is always a button pressed on purpose.
    const form = ev.target.form;
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey) && form && form.matches("form[data-action]") && form.id !== "vote") {
      ev.preventDefault();
      form.requestSubmit();
      return;
    }
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === "Escape") { if (!box.hidden) closeBox(); return; }
    if (ev.target.closest("input, textarea, select, [contenteditable]")) return;
    switch (ev.key) {
      case "j": focusThread(currentThread + 1); break;
      case "k": focusThread(currentThread - 1); break;
      case "r": {
        // Resolve (or reopen) the thread j/k went to.
        const t = threads().find(t => t.dataset.id === currentId);
        const form = t && t.querySelector("form.resolve");
        if (form) form.requestSubmit();
        else notice({ ok: false, message: "Go to a thread with j or k first, then press r to resolve it." });
        break;
      }
      case "c": {
        const l = selectionLines();
        if (l) openBox(l);
        else notice({ ok: false, message: "Select some text, or click a line number, then press c to comment." });
        break;
      }
      default: return;
    }
    ev.preventDefault();
  });

  layout();
  highlight();
  setTimeout(poll, 2000);
})();
