// Legend: show one speaker's quotations (others are dimmed); again, or "all", shows all.
document.querySelectorAll(".legend").forEach(function (legend) {
  var article = legend.closest("article");
  legend.addEventListener("click", function (e) {
    var button = e.target.closest("button");
    if (!button) return;
    if (button.getAttribute("aria-pressed") === "true") button = legend.querySelector("button");
    var s = button.dataset.s;
    legend.querySelectorAll("button").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b === button));
    });
    article.querySelectorAll(".text .q, .text .m, .text .c").forEach(function (el) {
      el.classList.toggle("dim", s !== "" && el.dataset.s !== s);
    });
  });
});
// Details bar: the quotation under the pointer, tapped or focused with the keyboard.
var info = document.getElementById("info");
function show(e) {
  var q = e.target.closest && e.target.closest(".text .q");
  if (q) info.textContent = q.dataset.tip;
}
document.addEventListener("focusin", show);
document.addEventListener("mouseover", show);
