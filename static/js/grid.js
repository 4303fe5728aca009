// The township's attendance grid: arrow keys move between cells, F4 / Ctrl-D fills down, a typed
// letter becomes the status code (templates/attendance/grid_form.html).
var CODE_OF = {"在": "Z", "白": "B", "假": "J", "公": "G", "缺": "Q"};
document.addEventListener("keydown", function (e) {
  var t = e.target;
  if (!t.classList || !t.classList.contains("cell")) return;
  var td = t.closest("td"), tr = td.parentElement, idx = Array.prototype.indexOf.call(tr.children, td), next = null;
  if (e.key === "ArrowRight") next = td.nextElementSibling;
  else if (e.key === "ArrowLeft") next = td.previousElementSibling;
  else if (e.key === "ArrowDown" || e.key === "Enter") { var r = tr.nextElementSibling; next = r && r.children[idx]; }
  else if (e.key === "ArrowUp") { var r2 = tr.previousElementSibling; next = r2 && r2.children[idx]; }
  else if (e.key === "F4" || (e.ctrlKey && e.key === "d")) {  // fill down the column from this cell
    e.preventDefault(); var row = tr.nextElementSibling;
    while (row) { var c = row.children[idx] && row.children[idx].querySelector("input.cell"); if (c && !c.disabled) { c.value = t.value; c.dataset.code = t.dataset.code; } row = row.nextElementSibling; }
    return;
  }
  if (next) { var inp = next.querySelector("input.cell"); if (inp) { e.preventDefault(); inp.focus(); inp.select(); } }
});
document.addEventListener("input", function (e) {
  var t = e.target; if (!t.classList || !t.classList.contains("cell")) return;
  t.value = t.value.toUpperCase().slice(-1);
  t.dataset.code = CODE_OF[t.value] || t.value;  // the status colour follows what is typed
  if (t.value) { var n = t.closest("td").nextElementSibling; var inp = n && n.querySelector("input.cell"); if (inp) { inp.focus(); inp.select(); } }
});
