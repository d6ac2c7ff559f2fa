// Reference pickers (see arena/reference/widgets.py). Forms work without this file; it
// keeps ticked matches when a new search replaces them, keeps repeated boxes in step,
// makes Enter search instead of submitting the form, and keeps the search box out of
// form submissions.
(function () {
  "use strict";

  function each(list, callback) { Array.prototype.forEach.call(list, callback); }

  function pickerOf(element) {
    return element && element.closest ? element.closest("[data-picker]") : null;
  }

  function part(picker, name) { return picker.querySelector("[data-picker-" + name + "]"); }

  function inputWithValue(list, value) {
    var found = null;
    each(list.querySelectorAll("input"), function (input) {
      if (!found && input.value === value) { found = input; }
    });
    return found;
  }

  // Move ticked matches into the chosen list, so they survive the next search.
  function keepTicked(picker) {
    var chosen = part(picker, "selected");
    var results = part(picker, "results");
    if (!chosen || !results) { return; }
    var multiple = picker.getAttribute("data-picker-multiple") === "true";
    each(results.querySelectorAll("input:checked"), function (input) {
      var item = input.closest("li");
      if (!multiple) {
        // One choice only: the new one replaces earlier ones; "None" stays.
        each(chosen.querySelectorAll("input"), function (other) {
          if (other.value !== "") { other.closest("li").remove(); }
        });
      }
      var twin = inputWithValue(chosen, input.value);
      if (twin) {
        twin.checked = true;
        item.remove();
      } else {
        chosen.appendChild(item);
      }
    });
  }

  // Suggesting codes needs a script, so the button shows only where this file runs.
  document.addEventListener("DOMContentLoaded", function () {
    each(document.querySelectorAll("[data-picker-suggest]"), function (button) {
      button.hidden = false;
    });
  });

  // htmx:confirm comes before htmx collects the chosen values, so moved ones are sent too.
  document.addEventListener("htmx:confirm", function (event) {
    var target = event.target;
    if (target.matches && target.matches("[data-picker-search], [data-picker-suggest]")) {
      keepTicked(pickerOf(target));
    }
  });

  // A code can show both among the chosen and the matches: ticking one ticks both.
  document.addEventListener("change", function (event) {
    var input = event.target;
    var picker = pickerOf(input);
    if (!picker || input.type !== "checkbox") { return; }
    each(picker.querySelectorAll('input[type="checkbox"]'), function (other) {
      if (other !== input && other.value === input.value) { other.checked = input.checked; }
    });
  });

  // Enter in the search box searches at once and does not submit the form.
  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key === "Enter" && input.matches && input.matches("[data-picker-search]")) {
      event.preventDefault();
      input.dispatchEvent(new Event("search"));
    }
  });

  // The search box is named only for the no-JavaScript fallback; leave it out here.
  document.addEventListener("formdata", function (event) {
    each(event.target.querySelectorAll("[data-picker-search][name]"), function (input) {
      event.formData.delete(input.name);
    });
  });

  // A refused search (400) explains itself in the status line.
  document.addEventListener("htmx:responseError", function (event) {
    var picker = pickerOf(event.target);
    var status = picker ? part(picker, "status") : null;
    if (status) { status.textContent = event.detail.xhr.responseText; }
  });
})();
