/* Votes: a running total on the ballot while choosing. Progressive enhancement only: the
   ballot works without this script (the summary step shows the total), and the server checks
   every rule whatever this script says. The texts come from data attributes, translated. */
(function () {
  "use strict";

  var form = document.querySelector("form.ballot");
  if (!form) { return; }
  var output = form.querySelector("#running-total");
  var method = form.dataset.method;
  if (!output || method === "single") { return; }

  var budget = parseInt(form.dataset.budget, 10) || 0;
  var minimum = parseInt(form.dataset.minimum, 10) || 0;
  var max = parseInt(form.dataset.max, 10) || 1;
  var lang = document.documentElement.lang === "en" ? "en-GB" : "nb-NO";
  var numbers = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });

  function money(amount) {
    return (form.dataset.money || "0 kr").replace("0", numbers.format(amount));
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : match;
    });
  }

  function update() {
    var boxes = form.querySelectorAll("input[name=project]:checked");
    var total = 0;
    boxes.forEach(function (box) { total += parseInt(box.dataset.cost, 10) || 0; });
    var values = {
      count: boxes.length, max: max, total: money(total), budget: money(budget),
      left: money(Math.max(budget - total, 0)), over: money(Math.max(total - budget, 0)),
      minimum: money(minimum)
    };
    var key, problem = false;
    if (method === "budget") {
      if (total > budget) { key = "textOver"; problem = true; }
      else if (boxes.length && total < minimum) { key = "textUnder"; problem = true; }
      else { key = "textBudget"; }
    } else {
      key = boxes.length > max ? "textTooMany" : "textApproval";
      problem = boxes.length > max;
    }
    output.textContent = fill(form.dataset[key] || "", values);
    output.classList.toggle("is-problem", problem);
  }

  output.hidden = false;
  form.addEventListener("change", function (event) {
    if (event.target && event.target.name === "project") { update(); }
  });
  update();
}());
