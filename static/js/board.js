// The board: keyboard, copy buttons, live time-left badges, a quiet refresh. Everything works without it.
(function () {
  "use strict";

  var REFRESH_MS = 1000 * (parseInt((document.getElementById("board-main") || {dataset: {}}).dataset.refreshSeconds, 10) || 180);
  var current = null; // the id of the row the keys act on

  function rows() { return Array.prototype.slice.call(document.querySelectorAll("#board-rows tr.case-row")); }

  function select(row, scroll) {
    rows().forEach(function (r) { r.classList.remove("selected"); r.removeAttribute("aria-selected"); });
    if (!row) { current = null; return; }
    row.classList.add("selected");
    row.setAttribute("aria-selected", "true");
    current = row.id;
    if (scroll !== false) {
      row.focus({preventScroll: true});
      row.scrollIntoView({block: "nearest"});
    }
  }

  function selected() { return current ? document.getElementById(current) : null; }

  function move(step) {
    var list = rows();
    if (!list.length) { return; }
    var index = list.indexOf(selected());
    var next = index < 0 ? (step > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, index + step));
    select(list[next]);
  }

  function openMenu(row, name, field) {
    var menu = row.querySelector('details[data-menu="' + name + '"]');
    if (!menu) { return; }
    row.querySelectorAll("details[open]").forEach(function (d) { if (d !== menu) { d.open = false; } });
    menu.open = true;
    var target = field ? menu.querySelector(field) : menu.querySelector("textarea, input:not([type=hidden])");
    if (target) { target.focus(); }
  }

  function typing(event) {
    var el = event.target;
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  // Looked up each time: a refresh replaces the board and the dialog with it.
  function keysDialog() { return document.getElementById("keys-dialog"); }
  function showKeys() { var d = keysDialog(); if (d && !d.open) { d.showModal(); } }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (event.key === "Escape") {
      var open = document.querySelector("#board-rows details[open]");
      if (open) {
        open.open = false;
        var row = open.closest("tr");
        if (row) { select(row); }
        event.preventDefault();
      }
      return;
    }
    if (typing(event) || (keysDialog() && keysDialog().open)) { return; }
    var row = selected();
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "/": {
        var filters = document.querySelector("details.filters");
        if (filters) { filters.open = true; }
        var box = document.getElementById("id_q");
        if (box) { box.focus(); box.select(); }
        break;
      }
      case "?": showKeys(); break;
      case "c": {
        var button = row && row.querySelector('button[data-action="checked"]');
        if (button) { button.click(); } else { return; }
        break;
      }
      case "r": if (row) { openMenu(row, "amazon-replied", "textarea"); } else { return; } break;
      case "w": if (row) { openMenu(row, "more", 'form[data-form="we-replied"] textarea'); } else { return; } break;
      case "x": {
        var box2 = row && row.querySelector('input[type=checkbox][form="bulk-form"]');
        if (box2) { box2.checked = !box2.checked; countSelected(); } else { return; }
        break;
      }
      case "o":
      case "Enter":
        if (row && row.dataset.url) { window.location.href = row.dataset.url; } else { return; }
        break;
      default: return;
    }
    event.preventDefault();
  });

  // A click in a row makes it the one the keys act on.
  document.addEventListener("click", function (event) {
    var row = event.target.closest && event.target.closest("#board-rows tr.case-row");
    if (row) { select(row, false); }
    var help = event.target.closest && event.target.closest("[data-keys-help]");
    if (help) { showKeys(); }
  });

  // After htmx swaps a row in, keep it selected (the keys go on from there).
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    var row = current && document.getElementById(current);
    if (row) {
      select(row, false);
      if (target && target.id !== "board-main") { row.focus({preventScroll: true}); }
    }
    document.querySelectorAll(".js-only[hidden]").forEach(function (el) { el.hidden = false; });
    tick();
    setupCopy();
    countSelected();
  });

  // Errors: a request that failed or never arrived says so; nothing was changed.
  var errorBox = function () { return document.querySelector(".board-error"); };
  function showError(on) { var box = errorBox(); if (box) { box.hidden = !on; } }
  document.body.addEventListener("htmx:responseError", function () { showError(true); });
  document.body.addEventListener("htmx:sendError", function () { showError(true); });
  document.body.addEventListener("htmx:afterRequest", function (event) { if (event.detail.successful) { showError(false); } });

  // --- Copy the Case ID ---------------------------------------------------------------------------------
  function setupCopy() {
    document.querySelectorAll("button.copy-id[hidden]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.casedeskCopy(button.dataset.copyText).then(function () {
          button.classList.add("copied");
          button.title = "Copied";
          window.setTimeout(function () { button.classList.remove("copied"); button.title = "Copy the Case ID"; }, 1400);
        });
      });
    });
  }

  // --- Bulk selection -----------------------------------------------------------------------------------
  function boxes() { return Array.prototype.slice.call(document.querySelectorAll('input[type=checkbox][form="bulk-form"]')); }
  function countSelected() {
    var n = boxes().filter(function (b) { return b.checked; }).length;
    var out = document.querySelector(".bulk-count");
    if (out) { out.textContent = n ? n + " selected" : ""; }
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-select-all]")) {
      boxes().forEach(function (b) { b.checked = event.target.checked; });
    }
    if (event.target.matches('input[form="bulk-form"], [data-select-all]')) { countSelected(); }
  });

  // --- Time left, kept current without a reload ------------------------------------------------------------
  // The words follow cases.clocks.describe_time_left; the state comes from the stored due and warning times.
  function words(ms) {
    var seconds = Math.abs(ms) / 1000;
    var minutes = Math.floor(seconds / 60);
    if (minutes < 60) { return minutes + " min"; }
    var hours = minutes < 24 * 60 ? Math.floor(minutes / 60) : Math.floor((seconds + 1800) / 3600);
    if (hours < 96) { return hours + " h"; }
    var days = Math.floor(hours / 24);
    var rest = hours % 24;
    return rest ? days + " d " + rest + " h" : days + " d";
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll(".left[data-due]").forEach(function (badge) {
      var due = Date.parse(badge.dataset.due);
      if (isNaN(due)) { return; }
      var warn = Date.parse(badge.dataset.warn);
      var left = due - now;
      var state = left <= 0 ? "overdue" : (!isNaN(warn) && now >= warn ? "due_soon" : "ok");
      badge.textContent = left < 0 ? "overdue by " + words(left) : words(left) + " left";
      badge.className = "left left-" + state;
    });
  }

  // --- A quiet refresh every few minutes, unless the person is in the middle of something ---------------------
  function busy() {
    return document.hidden || document.querySelector("#board-rows details[open]") ||
      boxes().some(function (b) { return b.checked; }) ||
      (document.activeElement && /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName)) ||
      (keysDialog() && keysDialog().open);
  }

  function refresh() {
    if (busy() || !window.htmx || !document.getElementById("board-main")) { return; }
    window.htmx.ajax("GET", window.location.pathname + window.location.search,
      {target: "#board-main", select: "#board-main", swap: "outerHTML"});
  }

  document.querySelectorAll(".js-only[hidden]").forEach(function (el) { el.hidden = false; });
  setupCopy();
  tick();
  window.setInterval(tick, 30 * 1000);
  window.setInterval(refresh, REFRESH_MS);
})();
