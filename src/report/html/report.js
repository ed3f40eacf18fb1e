(function () {
  "use strict";
  var table = document.getElementById("workloads");
  if (!table) { return; }
  var body = table.tBodies[0];
  var query = document.getElementById("q");
  var risks = Array.prototype.slice.call(document.querySelectorAll(".risk-filter"));
  function filter() {
    var text = (query.value || "").toLowerCase();
    var wanted = risks.filter(function (r) { return r.checked; }).map(function (r) { return r.value; });
    Array.prototype.forEach.call(body.rows, function (row) {
      var textOk = row.getAttribute("data-search").indexOf(text) !== -1;
      var riskOk = wanted.length === 0 || wanted.indexOf(row.getAttribute("data-risk")) !== -1;
      row.hidden = !(textOk && riskOk);
    });
  }
  query.addEventListener("input", filter);
  risks.forEach(function (r) { r.addEventListener("change", filter); });
  function key(cell) {
    var sort = cell.getAttribute("data-sort");
    var value = sort !== null ? sort : cell.textContent.trim().toLowerCase();
    var number = parseFloat(value);
    return isNaN(number) || sort === null ? value : number;
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
    th.addEventListener("click", function () {
      var descending = !th.classList.contains("desc");
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.classList.remove("asc", "desc"); });
      th.classList.add(descending ? "desc" : "asc");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = key(a.cells[index]), y = key(b.cells[index]);
        var order = x < y ? -1 : x > y ? 1 : 0;
        return descending ? -order : order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
  });
}());
