/* The reviewer's keyboard and the same checks the server runs, before anything is sent.
   Queue: n = next. Review: a = approve, r = reject, s = skip, + = add a business category row,
   Tab between fields, Esc leaves a field; z / x zoom, 0 fits, q / e rotate, arrows move the zoomed image,
   ? lists the keys. The cursor starts in the first field that needs attention. */
(function () {
  "use strict";

  var BRN_WEIGHTS = [1, 3, 7, 1, 3, 7, 1, 3, 5];

  function digits(text) { return (text || "").replace(/\D/g, ""); }

  function registrationOk(text) {
    var d = digits(text);
    if (d.length !== 10) return false;
    var total = 0;
    for (var i = 0; i < 9; i++) total += BRN_WEIGHTS[i] * Number(d[i]);
    total += Math.floor((Number(d[8]) * 5) / 10);
    return (10 - (total % 10)) % 10 === Number(d[9]);
  }

  function luhnOk(text) {
    var d = digits(text);
    if (d.length < 13 || d.length > 19) return false;
    var total = 0;
    for (var i = 0; i < d.length; i++) {
      var n = Number(d[d.length - 1 - i]);
      if (i % 2 === 1) { n *= 2; if (n > 9) n -= 9; }
      total += n;
    }
    return total % 10 === 0;
  }

  function validThru(text) {
    var m = /(\d{1,2})\s*\/\s*(\d{2,4})/.exec(text || "");
    if (!m) return null;
    var month = Number(m[1]), year = 2000 + Number(m[2].slice(-2));
    return month >= 1 && month <= 12 ? { month: month, year: year } : null;
  }

  function dateOk(text) {
    var m = /(\d{4})\D+(\d{1,2})\D+(\d{1,2})/.exec(text || "") || /^(\d{4})(\d{2})(\d{2})$/.exec((text || "").replace(/\s/g, ""));
    if (!m) return false;
    var y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
    var date = new Date(Date.UTC(y, mo - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
  }

  function problem(input, messages) {
    var value = input.value.trim();
    if (!value || value === (input.dataset.initial || "").trim()) return "";
    switch (input.dataset.check) {
      case "registration": return registrationOk(value) ? "" : messages.registration;
      case "card": return luhnOk(value) ? "" : messages.card;
      case "date": return dateOk(value) ? "" : messages.date;
      case "valid_thru": {
        var v = validThru(value);
        if (!v) return messages.valid_thru;
        var now = new Date();
        return v.year * 12 + v.month < now.getFullYear() * 12 + now.getMonth() + 1 ? messages.expired : "";
      }
      default: return "";
    }
  }

  function isTyping(target) {
    return /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName) || target.isContentEditable;
  }

  function setUpQueue() {
    var next = document.getElementById("next");
    if (!next) return;
    document.addEventListener("keydown", function (e) {
      if (e.key === "n" && !e.ctrlKey && !e.metaKey && !e.altKey && !isTyping(e.target) && !next.disabled) {
        e.preventDefault();
        next.click();
      }
    });
  }

  // The queue's counts and oldest age stay current: a small JSON endpoint is polled every few seconds
  // (not while the tab is hidden). A failed poll changes nothing and is retried on the next tick.
  var QUEUE_POLL_MS = 5000;

  function fillTally(list, items) {
    if (!list) return;
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!items.length) {
      var empty = document.createElement("li");
      empty.className = "muted";
      empty.textContent = list.dataset.empty || "";
      list.appendChild(empty);
      return;
    }
    items.forEach(function (item) {
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.href = "?" + encodeURIComponent(list.dataset.filter) + "=" + encodeURIComponent(item.code);
      link.textContent = item.label;
      var count = document.createElement("strong");
      count.textContent = String(item.count);
      li.appendChild(link);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(count);
      list.appendChild(li);
    });
  }

  function setUpQueueLive() {
    var summary = document.getElementById("queue-summary");
    if (!summary || !summary.dataset.statusUrl || !window.fetch) return;
    var next = document.getElementById("next");

    function apply(data) {
      summary.textContent = data.summary;
      summary.dataset.total = String(data.total);
      fillTally(document.getElementById("tally-reason"), data.by_reason);
      fillTally(document.getElementById("tally-kind"), data.by_kind);
      if (next) next.disabled = !data.total;
    }

    function poll() {
      if (document.hidden) { window.setTimeout(poll, QUEUE_POLL_MS); return; }
      fetch(summary.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
        .then(apply)
        .catch(function () { /* retried on the next tick */ })
        .then(function () { window.setTimeout(poll, QUEUE_POLL_MS); });
    }
    window.setTimeout(poll, QUEUE_POLL_MS);
  }

  // Business category rows (reviews/categories.py has the server's side of the same rules). A read row is removed
  // by emptying both halves, so the server keeps the machine's reading next to a correction to ""; a row the
  // reviewer added is simply taken out of the form.
  function categoryKey(text) { return (text || "").normalize("NFC").replace(/[\s,]+/g, "").toLowerCase(); }

  function setUpCategories(messages) {
    var box = document.getElementById("categories");
    var list = document.getElementById("category-rows");
    if (!box || !list) return { check: function () { return true; }, add: function () {} };
    var add = document.getElementById("add-category");
    var template = document.getElementById("category-row-template");
    var limit = document.getElementById("category-limit");
    var maxRows = Number(box.dataset.maxRows || 20);

    function rows() { return Array.prototype.slice.call(list.querySelectorAll("[data-category]")); }
    function inputs(row) { return Array.prototype.slice.call(row.querySelectorAll("input[data-half]")); }
    function isRemoved(row) { return inputs(row).every(function (input) { return !input.value.trim(); }); }

    // The first row left is the main category; a repeated row is refused, as on the server.
    function check() {
      var seen = {}, ok = true, mainShown = false;
      rows().forEach(function (row) {
        var removed = isRemoved(row);
        var message = "";
        if (!removed) {
          var key = inputs(row).map(function (input) { return categoryKey(input.value); }).join("|");
          if (seen[key]) message = messages.category_repeat;
          seen[key] = true;
        }
        var main = row.querySelector("[data-main-mark]");
        if (main) main.hidden = removed || mainShown;
        if (!removed) mainShown = true;
        var mark = row.querySelector("[data-removed-mark]");
        if (mark) mark.hidden = !(removed && row.hasAttribute("data-read"));
        row.classList.toggle("review-category--removed", removed && row.hasAttribute("data-read"));
        var button = row.querySelector("[data-remove-row]");
        if (button && row.hasAttribute("data-read")) {
          button.textContent = removed ? button.dataset.labelRestore : button.dataset.labelRemove;
        }
        inputs(row)[0].setCustomValidity(message);
        row.querySelector("[data-error-for]").textContent = message;
        row.classList.toggle("review-field--invalid", Boolean(message));
        if (message) ok = false;
      });
      if (add) add.disabled = rows().length >= maxRows;
      if (limit) limit.textContent = rows().length >= maxRows ? messages.category_limit : "";
      return ok;
    }

    function addRow() {
      if (!template || rows().length >= maxRows) return;
      // After every row on the screen (a row added then taken out frees its number), as the server numbers them.
      var next = rows().reduce(function (top, row) { return Math.max(top, Number(row.dataset.category) + 1); },
                               Number(box.dataset.nextIndex || 0));
      var html = template.innerHTML.replace(/__index__/g, String(next));
      var holder = document.createElement("div");
      holder.innerHTML = html.trim();
      var row = holder.firstElementChild;
      list.appendChild(row);
      bindRow(row);
      check();
      inputs(row)[0].focus();
    }

    function toggleRemoved(row, button) {
      if (!row.hasAttribute("data-read")) {  // added here: nothing was read, nothing to keep
        row.parentNode.removeChild(row);
        check();
        if (add) add.focus();
        return;
      }
      var restore = isRemoved(row);
      inputs(row).forEach(function (input) {
        input.value = restore ? input.dataset.restore : "";
        input.readOnly = !restore;
      });
      check();
      button.focus();
    }

    function bindRow(row) {
      inputs(row).forEach(function (input) { input.addEventListener("input", check); });
      var button = row.querySelector("[data-remove-row]");
      if (button) button.addEventListener("click", function () { toggleRemoved(row, button); });
    }

    rows().forEach(bindRow);
    if (add) add.addEventListener("click", addRow);
    check();
    return { check: check, add: addRow };
  }

  function setUpReview() {
    var form = document.getElementById("review-form");
    if (!form) return;
    var messagesNode = document.getElementById("review-messages");
    var messages = messagesNode ? JSON.parse(messagesNode.textContent) : {};
    var approve = document.getElementById("approve");
    var skip = document.getElementById("skip");
    var openReject = document.getElementById("open-reject");
    var rejectPanel = document.getElementById("reject-panel");
    var reject = document.getElementById("reject");
    var categories = setUpCategories(messages);
    var sent = false;

    function check(input) {
      var message = problem(input, messages);
      input.setCustomValidity(message);
      var row = input.closest("[data-field]");
      var out = row && row.querySelector("[data-error-for]");
      if (out) out.textContent = message;
      if (row) row.classList.toggle("review-field--invalid", Boolean(message));
      return !message;
    }

    var inputs = Array.prototype.slice.call(form.querySelectorAll("input[data-check]"));
    inputs.forEach(function (input) {
      input.addEventListener("input", function () { check(input); });
      input.addEventListener("blur", function () { check(input); });
    });

    form.querySelectorAll("[data-field]").forEach(function (row) {
      var box = document.querySelector('[data-box="' + row.dataset.field + '"]');
      if (!box) return;
      var on = function () { box.classList.add("review-box--active"); };
      var off = function () { box.classList.remove("review-box--active"); };
      row.addEventListener("mouseenter", on); row.addEventListener("mouseleave", off);
      row.addEventListener("focusin", function () { on(); if (viewer) viewer.centerOn(box); });
      row.addEventListener("focusout", off);
    });

    form.addEventListener("submit", function (e) {
      var submitter = e.submitter;
      if (submitter && submitter.value === "approve") {
        var bad = inputs.filter(function (input) { return !check(input); });
        if (!categories.check()) bad = bad.concat(Array.prototype.slice.call(form.querySelectorAll("#categories input:invalid")));
        if (bad.length) { e.preventDefault(); bad[0].focus(); return; }
      }
      if (sent) { e.preventDefault(); return; }
      sent = true;
    });

    function showReject() {
      if (!rejectPanel) return;
      rejectPanel.hidden = false;
      var select = rejectPanel.querySelector("select");
      if (select) select.focus();
    }
    if (openReject) openReject.addEventListener("click", showReject);
    if (rejectPanel) {
      rejectPanel.addEventListener("keydown", function (e) {
        var inNote = e.target.tagName === "TEXTAREA";
        if (e.key === "Enter" && (!inNote || e.ctrlKey || e.metaKey)) { e.preventDefault(); reject.click(); }
        if (e.key === "Escape") { rejectPanel.hidden = true; openReject.focus(); }
      });
    }

    document.addEventListener("keydown", function (e) {
      if (e.ctrlKey || e.metaKey || e.altKey || !approve || document.querySelector("dialog[open]")) return;
      if (isTyping(e.target)) {
        if (e.key === "Escape") e.target.blur();
        return;
      }
      var key = e.key.toLowerCase();
      if (key === "a") { e.preventDefault(); approve.click(); }
      else if (key === "s") { e.preventDefault(); skip.click(); }
      else if (key === "r") { e.preventDefault(); showReject(); }
      else if (e.key === "+") { e.preventDefault(); categories.add(); }
    });
  }

  // The image: zoom, pan and rotate. Image and boxes are drawn in one SVG group, so whatever is done to the view
  // keeps every box on what it was read from. Zoom and pan move the viewBox; rotation turns the group by quarter
  // turns (the viewBox then swaps width and height).
  var ZOOM_STEP = 1.5, ZOOM_MAX = 8;

  function setUpViewer() {
    var svg = document.getElementById("review-svg");
    var group = document.getElementById("review-view");
    var tools = document.getElementById("viewer-tools");
    if (!svg || !group) return null;
    var base = svg.getAttribute("viewBox").split(/[\s,]+/).map(Number);
    var W = base[2], H = base[3];
    var state = { zoom: 1, turn: 0, cx: 0, cy: 0 };
    var stateLabel = document.getElementById("viewer-state");

    function frame() { return state.turn % 2 ? { w: H, h: W } : { w: W, h: H }; }

    function draw() {
      var f = frame();
      var vw = f.w / state.zoom, vh = f.h / state.zoom;
      state.cx = Math.min(Math.max(state.cx, vw / 2), f.w - vw / 2);
      state.cy = Math.min(Math.max(state.cy, vh / 2), f.h - vh / 2);
      var turns = ["", "translate(" + H + " 0) rotate(90)", "translate(" + W + " " + H + ") rotate(180)",
                   "translate(0 " + W + ") rotate(270)"];
      group.setAttribute("transform", turns[state.turn]);
      svg.setAttribute("viewBox", [state.cx - vw / 2, state.cy - vh / 2, vw, vh].join(" "));
      svg.classList.toggle("is-zoomed", state.zoom > 1);
      svg.dataset.zoom = String(state.zoom);
      svg.dataset.turn = String(state.turn * 90);
      if (stateLabel) stateLabel.textContent = Math.round(state.zoom * 100) + "%" + (state.turn ? " · " + state.turn * 90 + "°" : "");
    }

    function zoom(factor) {
      state.zoom = Math.min(Math.max(state.zoom * factor, 1), ZOOM_MAX);
      draw();
    }
    function fit() { var f = frame(); state.zoom = 1; state.cx = f.w / 2; state.cy = f.h / 2; draw(); }
    function rotate(quarterTurns) {
      // Keep the same spot of the page in the middle: turn the centre with the page.
      var f = frame(), x = state.cx, y = state.cy;
      state.turn = (state.turn + quarterTurns + 4) % 4;
      if (quarterTurns === 1) { state.cx = f.h - y; state.cy = x; } else { state.cx = y; state.cy = f.w - x; }
      draw();
    }
    function pan(dx, dy) {  // in screen pixels
      var scale = (frame().w / state.zoom) / (svg.clientWidth || 1);
      state.cx -= dx * scale; state.cy -= dy * scale;
      draw();
    }

    var actions = {
      "zoom-in": function () { zoom(ZOOM_STEP); }, "zoom-out": function () { zoom(1 / ZOOM_STEP); },
      "fit": fit, "rotate-left": function () { rotate(-1); }, "rotate-right": function () { rotate(1); }
    };
    if (tools) {
      tools.addEventListener("click", function (e) {
        var button = e.target.closest("[data-view]");
        if (button && actions[button.dataset.view]) actions[button.dataset.view]();
      });
    }

    // Drag (mouse, pen or finger) moves a zoomed image.
    var drag = null;
    svg.addEventListener("pointerdown", function (e) {
      if (state.zoom <= 1) return;
      drag = { x: e.clientX, y: e.clientY };
      svg.setPointerCapture(e.pointerId);
      svg.classList.add("is-dragging");
    });
    svg.addEventListener("pointermove", function (e) {
      if (!drag) return;
      pan(e.clientX - drag.x, e.clientY - drag.y);
      drag = { x: e.clientX, y: e.clientY };
    });
    function endDrag() { drag = null; svg.classList.remove("is-dragging"); }
    svg.addEventListener("pointerup", endDrag);
    svg.addEventListener("pointercancel", endDrag);

    // A zoomed view follows the field being worked on: its box comes to the middle.
    function centerOn(shape) {
      if (state.zoom <= 1 || !shape.getBBox) return;
      var b = shape.getBBox(), x = b.x + b.width / 2, y = b.y + b.height / 2;
      var inFrame = [[x, y], [H - y, x], [W - x, H - y], [y, W - x]][state.turn];
      state.cx = inFrame[0]; state.cy = inFrame[1];
      draw();
    }

    fit();
    var STEP = 60;
    return {
      centerOn: centerOn,
      key: function (e) {
        var key = e.key;
        if (key === "z") { zoom(ZOOM_STEP); return true; }
        if (key === "x") { zoom(1 / ZOOM_STEP); return true; }
        if (key === "0") { fit(); return true; }
        if (key === "q") { rotate(-1); return true; }
        if (key === "e") { rotate(1); return true; }
        if (state.zoom > 1) {
          if (key === "ArrowLeft") { pan(STEP, 0); return true; }
          if (key === "ArrowRight") { pan(-STEP, 0); return true; }
          if (key === "ArrowUp") { pan(0, STEP); return true; }
          if (key === "ArrowDown") { pan(0, -STEP); return true; }
        }
        return false;
      }
    };
  }

  // `?` (or the Keys button) opens the list of keys; Esc closes it.
  function setUpKeysHelp() {
    var dialog = document.getElementById("keys-help");
    var button = document.getElementById("show-keys");
    if (!dialog || typeof dialog.showModal !== "function") return null;
    function open() { if (!dialog.open) dialog.showModal(); }
    if (button) button.addEventListener("click", open);
    return { open: open, isOpen: function () { return dialog.open; } };
  }

  // The cursor starts where the reviewer's attention is needed: a value the server refused, else the first flagged
  // field (or category half), else nowhere, so the letter keys act at once. Not on a touch screen, where a focused
  // field would pop the on-screen keyboard up over the image.
  function focusFirstNeed() {
    var form = document.getElementById("review-form");
    if (!form || (document.activeElement && document.activeElement !== document.body)) return;
    if (window.matchMedia && window.matchMedia("(pointer: coarse)").matches) return;
    var selectors = [".review-field--invalid input:not([disabled])", ".review-category.review-field--invalid input:not([disabled])",
                     ".review-field--flagged input:not([disabled])", ".review-category__half--flagged input:not([disabled])"];
    for (var i = 0; i < selectors.length; i++) {
      var input = form.querySelector(selectors[i]);
      if (input) { input.focus(); return; }
    }
  }

  setUpQueue();
  setUpQueueLive();
  var viewer = setUpViewer();
  var help = setUpKeysHelp();
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
    if (help && help.isOpen()) return;  // the dialog handles its own Esc
    if (e.key === "?" && help) { e.preventDefault(); help.open(); return; }
    if (viewer && viewer.key(e)) e.preventDefault();
  });
  setUpReview();
  focusFirstNeed();
})();
