// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  }
  document.addEventListener("DOMContentLoaded", focusErrorSummary);
})();
