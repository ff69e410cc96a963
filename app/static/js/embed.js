/*! Tinget embed: <div data-tinget-survey="TOKEN"></div> or
    <script src="https://TINGET/embed.js" data-tinget-survey="TOKEN" async></script>
    Optional: data-lang="nb|nn|en|se", data-title="…" (the frame's accessible name). */
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || !me.src) return;
  var origin = new URL(me.src, location.href).origin;
  var frames = [];

  function build(holder, token) {
    var src = new URL("/embed/undersokelse/" + encodeURIComponent(token), origin);
    var lang = holder.getAttribute("data-lang");
    if (lang) src.searchParams.set("lang", lang);
    src.searchParams.set("o", location.origin);
    var frame = document.createElement("iframe");
    frame.src = src.href;
    frame.title = holder.getAttribute("data-title") || "Spørreundersøkelse";
    frame.style.width = "100%";
    frame.style.border = "0";
    frame.style.display = "block";
    frame.style.height = "600px";
    var loads = 0;
    frame.addEventListener("load", function () {
      loads += 1;
      if (loads > 1 && frame.getBoundingClientRect().top < 0) frame.scrollIntoView();
    });
    frames.push(frame);
    return frame;
  }

  function init() {
    var holders = document.querySelectorAll("[data-tinget-survey]");
    for (var i = 0; i < holders.length; i++) {
      var holder = holders[i];
      var token = holder.getAttribute("data-tinget-survey");
      if (!token || holder.getAttribute("data-tinget-ready")) continue;
      holder.setAttribute("data-tinget-ready", "1");
      var frame = build(holder, token);
      if (holder.tagName === "SCRIPT") {
        holder.parentNode.insertBefore(frame, holder.nextSibling);
      } else {
        holder.textContent = "";
        holder.appendChild(frame);
      }
    }
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== origin) return;
    var data = event.data;
    if (!data || data.type !== "tinget:height") return;
    var height = Number(data.height);
    if (!(height > 0)) return;
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = Math.min(Math.ceil(height), 50000) + "px";
      }
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
