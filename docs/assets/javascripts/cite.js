// Citations on report pages (GB/T 7714-2015): the copy button beside the report's citation,
// and a small button on each paragraph that copies the citation with the paragraph's link.
// The access date of an online citation ([引用日期]) is the reader's today. Works from a
// file:// copy of the site too: without the asynchronous clipboard it falls back to a
// hidden text area and execCommand("copy").
(function () {
  "use strict";

  function today() {
    var d = new Date();
    var two = function (n) { return String(n).padStart(2, "0"); };
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    area.remove();
    if (!ok) { throw new Error("copy refused"); }
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { fallback(text); });
    }
    return new Promise(function (resolve) { fallback(text); resolve(); });
  }

  function flash(button, state) {
    button.dataset.state = state;
    var label = button.getAttribute("data-label") || button.textContent;
    if (!button.classList.contains("para-cite")) {
      button.setAttribute("data-label", label);
      button.textContent = state === "done" ? "已复制" : "复制失败，请手动选择";
    }
    window.setTimeout(function () {
      delete button.dataset.state;
      if (!button.classList.contains("para-cite")) { button.textContent = label; }
    }, 2000);
  }

  function init() {
    var box = document.querySelector(".citation");
    if (!box) { return; }
    var text = box.querySelector(".citation-text");
    var form = text.getAttribute("data-accessed-form");
    if (form) { text.textContent = form.replace("{accessed}", today()); }
    var citation = function () { return box.querySelector(".citation-text").textContent.trim(); };
    var button = box.querySelector("button.cite-copy");
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(citation()).then(function () { flash(button, "done"); }, function () { flash(button, "failed"); });
    });
    var blocks = document.querySelectorAll("article p[id], article ul.report-list[id]");
    Array.prototype.forEach.call(blocks, function (block) {
      if (!/^p\d+$/.test(block.id)) { return; }
      var holder = block.tagName === "UL" ? block.lastElementChild : block;
      if (!holder) { return; }
      var b = document.createElement("button");
      b.type = "button";
      b.className = "para-cite";
      b.setAttribute("aria-label", "复制本段的引用和链接");
      b.title = "复制本段的引用和链接";
      b.addEventListener("click", function (event) {
        event.preventDefault();
        var url = location.href.split("#")[0] + "#" + block.id;
        copy(citation() + " 本段链接：" + url)
          .then(function () { flash(b, "done"); }, function () { flash(b, "failed"); });
      });
      holder.appendChild(b);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
