/* Inside the Tinget embed frame: tell the embedding page how tall the survey is. */
(function () {
  "use strict";
  if (window.parent === window) return;
  var allowed = document.body.getAttribute("data-parent-origin") || "";
  var ancestors = window.location.ancestorOrigins;
  var target = ancestors && ancestors.length ? ancestors[0] : allowed;
  if (!target) return;
  var last = 0;
  function send() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "tinget:height", height: height }, target);
  }
  if (window.ResizeObserver) new ResizeObserver(send).observe(document.documentElement);
  window.addEventListener("load", send);
  send();
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
}());
