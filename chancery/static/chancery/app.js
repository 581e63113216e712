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
// The petition form starts with no kind or field: the suggestion fills the ones still empty as it arrives,
// highlighted, with an undo; what the clerk chose stays (Alt+G or "Use" takes the suggestion over it).
(function () {
  "use strict";
  var SUGGESTED = [["id_kind", "data-kind"], ["id_field", "data-field"], ["id_competent_agency", "data-agency"]];
  var before = {};  // each field's value before the suggestion filled it, for the undo
  var declined = false;  // after an undo the suggestion fills nothing by itself
  function showApplied(box) {
    var applied = SUGGESTED.some(function (pair) {
      var select = document.getElementById(pair[0]);
      return select && select.classList.contains("is-suggested");
    });
    box.querySelectorAll("[data-suggestion-applied], [data-undo-suggestion]").forEach(function (element) {
      element.hidden = !applied;
    });
  }
  function applySuggestion(source, force) {
    var box = source.closest("[data-suggestion]") || source;
    SUGGESTED.forEach(function (pair) {
      var select = document.getElementById(pair[0]);
      var value = source.getAttribute(pair[1]);
      if (!select || !value || !select.querySelector('option[value="' + CSS.escape(value) + '"]')) { return; }
      var ours = select.classList.contains("is-suggested");
      if (!force && select.value && !ours) { return; }
      if (!ours) { before[pair[0]] = select.value; }
      select.value = value;
      select.classList.add("is-suggested");
    });
    var civil = document.getElementById("id_is_civil_dispute");
    if (civil && source.getAttribute("data-civil") && !civil.checked && (force || !civil.dataset.chosen)) {
      before.id_is_civil_dispute = false;
      civil.checked = true;
      civil.classList.add("is-suggested");
    }
    showApplied(box);
  }
  function undoSuggestion(box) {
    Object.keys(before).forEach(function (id) {
      var field = document.getElementById(id);
      if (!field || !field.classList.contains("is-suggested")) { return; }
      if (field.type === "checkbox") { field.checked = before[id]; } else { field.value = before[id]; }
      field.classList.remove("is-suggested");
    });
    before = {};
    declined = true;
    showApplied(box);
  }
  document.addEventListener("htmx:afterSwap", function (event) {
    var box = event.target.querySelector && event.target.querySelector("[data-suggestion]");
    if (!box) { return; }
    if (!declined) { applySuggestion(box, false); }
    showApplied(box);
  });
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (!event.isTrusted || !field.classList) { return; }
    if (field.id === "id_is_civil_dispute") { field.dataset.chosen = "1"; }
    if (field.classList.contains("is-suggested")) {  // the clerk's own choice now
      field.classList.remove("is-suggested");
      delete before[field.id];
      var box = document.querySelector("[data-suggestion]");
      if (box) { showApplied(box); }
    }
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-apply-suggestion]");
    if (button) { applySuggestion(button, true); }
    var undo = event.target.closest && event.target.closest("[data-undo-suggestion]");
    if (undo) { undoSuggestion(undo.closest("[data-suggestion]") || document); }
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
      if (button) { event.preventDefault(); applySuggestion(button, true); }
    }
  });
})();

// Dates are typed dd/mm/yyyy (data-date): as the clerk leaves the field, 5/12/2026 becomes 05/12/2026 and
// 05122026 or 051226 becomes 05/12/2026; the server reads the same forms (chancery/formats/) and says what is
// wrong with anything else. In a date field, ArrowUp and ArrowDown move the date by a day (with Shift, a month).
(function () {
  "use strict";
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function read(text) {
    // the year's four digits tried before two, and no digit left after it: 5/12/2026 is not 5/12/20 + "26"
    var m = /^\s*(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4}|\d{2})(?!\d)(.*)$/.exec(text) ||
      /^\s*(\d{2})(\d{2})(\d{4}|\d{2})(?!\d)(.*)$/.exec(text);
    if (!m) { return null; }
    var year = m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    var day = new Date(year, Number(m[2]) - 1, Number(m[1]));
    if (day.getDate() !== Number(m[1]) || day.getMonth() !== Number(m[2]) - 1) { return null; }
    return { day: day, rest: m[4] };
  }
  function show(day) { return pad(day.getDate()) + "/" + pad(day.getMonth() + 1) + "/" + day.getFullYear(); }
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[data-date]")) { return; }
    var found = read(input.value);
    if (found) { input.value = show(found.day) + found.rest.replace(/^\s*/, found.rest.trim() ? " " : ""); }
  }, true);
  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[data-date='date']")) { return; }
    if ((event.key !== "ArrowUp" && event.key !== "ArrowDown") || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var found = read(input.value) || { day: new Date(), rest: "" };
    var step = event.key === "ArrowUp" ? 1 : -1;
    var day = found.day;
    if (event.shiftKey) {  // a month on from the 31st is the next month's last day, not the 3rd after it
      var last = new Date(day.getFullYear(), day.getMonth() + step + 1, 0).getDate();
      day = new Date(day.getFullYear(), day.getMonth() + step, Math.min(day.getDate(), last));
    } else {
      day.setDate(day.getDate() + step);
    }
    event.preventDefault();
    input.value = show(day);
  });
})();

// The draft's signer: only those the chosen issuer and type accept are offered (the options carry data-signs,
// set by documents.forms.SignerSelect from the rules); a choice no longer offered is cleared. The server
// checks again.
(function () {
  function filterSigners(form) {
    var signer = form.querySelector("select[data-signer-for]");
    var issuer = form.querySelector("select[name=issuer]");
    var type = form.querySelector("select[name=doc_type]");
    if (!signer || !issuer) { return; }
    var presidentOnly = (signer.getAttribute("data-signer-for") || "").split(" ");
    var wanted = issuer.value === "office" ? "office"
      : (type && presidentOnly.indexOf(type.value) >= 0 ? "order" : "president");
    Array.prototype.forEach.call(signer.options, function (option) {
      if (!option.value) { return; }
      var allowed = (option.getAttribute("data-signs") || "").split(" ").indexOf(wanted) >= 0;
      option.hidden = !allowed;
      option.disabled = !allowed;
      if (!allowed && option.selected) { signer.value = ""; }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-signer-for]").forEach(function (select) {
      if (select.form) { filterSigners(select.form); }
    });
  });
  document.addEventListener("change", function (event) {
    var name = event.target && event.target.name;
    if ((name === "issuer" || name === "doc_type") && event.target.form) { filterSigners(event.target.form); }
  });
})();

// A list of choices filtered as one types (input[data-filter-choices] names the box): each .form-check whose
// label holds the typed words, diacritics folded (đ as d), stays; ticked ones always stay.
(function () {
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  document.addEventListener("input", function (event) {
    var box = event.target.getAttribute && event.target.getAttribute("data-filter-choices");
    if (!box) { return; }
    var words = fold(event.target.value).split(/\s+/).filter(Boolean);
    document.querySelectorAll("#" + box + " .form-check").forEach(function (choice) {
      var text = fold(choice.textContent);
      var ticked = choice.querySelector("input:checked");
      choice.hidden = !ticked && !words.every(function (word) { return text.indexOf(word) >= 0; });
    });
  });
})();

// File pickers in the page's language: the browser's own button speaks the browser's language ("Choose
// Files / No file chosen" in an English browser). The input stays in place, visually hidden and focusable
// (Enter or Space opens the picker); a button and the chosen names are shown beside it.
(function () {
  var WORDS = {
    vi: { choose: "Chọn tệp", none: "Chưa chọn tệp", many: " tệp đã chọn" },
    en: { choose: "Choose file", none: "No file chosen", many: " files chosen" },
  };
  function words() { return WORDS[document.documentElement.lang === "en" ? "en" : "vi"]; }
  function enhance(root) {
    root.querySelectorAll("input[type=file]:not([data-picker])").forEach(function (input) {
      var w = words();
      input.setAttribute("data-picker", "");
      input.classList.add("visually-hidden");
      var box = document.createElement("span");
      box.className = "file-picker d-inline-flex align-items-center gap-2";
      var button = document.createElement("span");
      button.className = "btn btn-outline-secondary btn-sm file-picker-button";
      button.setAttribute("aria-hidden", "true");
      button.textContent = w.choose;
      var names = document.createElement("span");
      names.className = "text-muted small file-picker-names";
      names.setAttribute("aria-live", "polite");
      names.textContent = w.none;
      box.appendChild(button);
      box.appendChild(names);
      input.insertAdjacentElement("afterend", box);
      button.addEventListener("click", function () { input.click(); });
      input.addEventListener("change", function () {
        var files = Array.prototype.map.call(input.files || [], function (f) { return f.name; });
        names.textContent = files.length === 0 ? w.none : files.length > 3 ? files.length + w.many : files.join(", ");
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:afterSwap", function (event) { enhance(event.target.parentNode || document); });
})();
