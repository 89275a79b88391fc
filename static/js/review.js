/* The reviewer's keyboard and the same checks the server runs, before anything is sent.
   Queue: n = next. Review: a = approve, r = reject, s = skip, + = add a business category row,
   Tab between fields, Esc leaves a field. */
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
      row.addEventListener("focusin", on); row.addEventListener("focusout", off);
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
      if (e.ctrlKey || e.metaKey || e.altKey || !approve) return;
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

  setUpQueue();
  setUpQueueLive();
  setUpReview();
})();
