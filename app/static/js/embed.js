/*! Tinget embed: <div data-tinget-survey="TOKEN"></div> or
    <script src="https://TINGET/embed.js" data-tinget-survey="TOKEN" async></script>
    Optional: data-lang="nb|nn|en|se", data-title="…" (the frame's accessible name),
    data-wait="8" (seconds before a frame that never answered is replaced by a link).
    A frame that does not load (the site is not on the municipality's list, a network error)
    never sends its height: after the wait it is hidden and a link to answer on Tinget shown. */
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || !me.src) return;
  var origin = new URL(me.src, location.href).origin;
  var frames = [];
  var WAIT_SECONDS = 8;
  var LINK_TEXT = {
    nb: "Svar på undersøkelsen på Tinget",
    nn: "Svar på undersøkinga på Tinget",
    en: "Answer the survey on Tinget"
  };  /* North Sami falls back to bokmål, as the app's own texts do */

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

  /* The fallback: a plain link to the survey's own page, shown until the frame speaks. */
  function fallback(holder, frame, token) {
    var lang = holder.getAttribute("data-lang") || document.documentElement.lang || "nb";
    var href = new URL("/embed/undersokelse/" + encodeURIComponent(token), origin);
    if (holder.getAttribute("data-lang")) href.searchParams.set("lang", holder.getAttribute("data-lang"));
    var box = document.createElement("p");
    box.className = "tinget-fallback";
    var link = document.createElement("a");
    link.href = href.href;
    link.textContent = LINK_TEXT[lang.slice(0, 2)] || LINK_TEXT.nb;
    box.appendChild(link);
    box.hidden = true;
    frame.parentNode.insertBefore(box, frame.nextSibling);
    var seconds = Number(holder.getAttribute("data-wait")) || WAIT_SECONDS;
    frame.tingetTimer = setTimeout(function () {
      if (frame.tingetReady) return;
      frame.style.display = "none";
      box.hidden = false;
    }, seconds * 1000);
    frame.tingetFallback = box;
  }

  function ready(frame) {
    if (frame.tingetReady) return;
    frame.tingetReady = true;
    clearTimeout(frame.tingetTimer);
    frame.style.display = "block";
    if (frame.tingetFallback) frame.tingetFallback.hidden = true;
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
      fallback(holder, frame, token);
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
        ready(frames[i]);
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
