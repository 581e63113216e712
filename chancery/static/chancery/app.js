// Keyboard habits of the office's pages: "/" goes to the page's search box (else the global one); Alt+1..9 opens a
// module; "n" and "p" turn a list's pages.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" ||
      target.tagName === "SELECT" || target.isContentEditable);
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      var search = document.querySelector("[data-search]") || document.querySelector("[data-global-search]");
      if (search) {
        event.preventDefault();
        search.focus();
        search.select();
      }
      return;
    }
    if ((event.key === "n" || event.key === "p") && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      var pager = document.querySelector(event.key === "n" ? "[data-page-next]" : "[data-page-prev]");
      if (pager) {
        event.preventDefault();
        window.location.assign(pager.getAttribute("href"));
      }
      return;
    }
    if (event.altKey && !event.ctrlKey && !event.metaKey && /^[1-9]$/.test(event.key)) {
      var link = document.querySelector('[data-shortcut="' + event.key + '"]');
      if (link) {
        event.preventDefault();
        window.location.assign(link.getAttribute("href"));
      }
    }
  });
})();

// Progress bars take their width from data-percent (the content security policy forbids inline styles).
(function () {
  "use strict";
  function sizeBars(root) {
    root.querySelectorAll("[data-percent]").forEach(function (bar) {
      bar.style.width = Math.max(0, Math.min(100, Number(bar.getAttribute("data-percent")) || 0)) + "%";
    });
  }
  document.addEventListener("DOMContentLoaded", function () { sizeBars(document); });
  document.addEventListener("htmx:afterSwap", function (event) { sizeBars(event.target.parentNode || document); });
})();

// Forms a clerk fills all day: Ctrl+Enter submits; Alt+G takes the suggested classification.
(function () {
  "use strict";
  function applySuggestion(button) {
    [["id_kind", "data-kind"], ["id_field", "data-field"], ["id_competent_agency", "data-agency"]].forEach(function (pair) {
      var select = document.getElementById(pair[0]);
      var value = button.getAttribute(pair[1]);
      if (select && value) { select.value = value; }
    });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-apply-suggestion]");
    if (button) { applySuggestion(button); }
    var selectAll = event.target.closest && event.target.closest("[data-select-on-click]");
    if (selectAll) { selectAll.select(); }
  });
  // A filter that applies as soon as it is chosen (the calendar's kind, the figures' year).
  document.addEventListener("change", function (event) {
    var field = event.target.closest && event.target.closest("[data-autosubmit]");
    if (field && field.form) { field.form.requestSubmit(); }
  });
  document.addEventListener("keydown", function (event) {
    var form = event.target && event.target.closest && event.target.closest("form[data-ctrl-enter]");
    if (!form && (!event.target || event.target === document.body)) {
      // Focus was lost (a swapped fragment took the focused button with it): a page with one such form
      // still submits it.
      var forms = document.querySelectorAll("form[data-ctrl-enter]");
      form = forms.length === 1 ? forms[0] : null;
    }
    if (form && event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
    if (event.altKey && (event.key === "g" || event.key === "G")) {
      var button = document.querySelector("[data-apply-suggestion]");
      if (button) { event.preventDefault(); applySuggestion(button); }
    }
  });
})();
