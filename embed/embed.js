/* Talking Health: the referral form on a GP practice's website.
 *
 *   <script src="https://SERVICE/embed.js" data-practice="F83004" async></script>
 *
 * Puts the service's form in an iframe just after this script tag. The
 * iframe is sandboxed, sends no referrer, and is on the service's origin, so
 * this page cannot read anything typed into it. The only conversation:
 * the form says "ready", this script answers with the practice's ODS code
 * (the service accepts it only from websites it listed for that practice),
 * then the form tells this script its height and when a referral is started
 * and completed (as "talking-health:started" and "talking-health:completed"
 * events on the iframe, for the practice to count). Every other message is
 * ignored. No dependencies; plain ES2015. */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src) return;
  // The service is wherever this file came from: never from the host page.
  var service = new URL(script.src).origin;
  var ods = script.getAttribute('data-practice') || '';

  var frame = document.createElement('iframe');
  frame.src = service + '/embed.html';
  frame.title = 'Refer yourself for talking therapies';
  frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-forms ' +
    'allow-popups allow-popups-to-escape-sandbox');
  frame.setAttribute('referrerpolicy', 'no-referrer');
  // Set through the CSS object model, which a strict host CSP allows.
  frame.style.display = 'block';
  frame.style.width = '100%';
  frame.style.border = '0';
  frame.style.height = '640px'; // until the form reports its own height

  window.addEventListener('message', function (event) {
    // Only this iframe, on the service's origin, may talk to this script.
    if (event.origin !== service || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (!data || typeof data !== 'object') return;
    if (data.type === 'talking-health:ready') {
      frame.contentWindow.postMessage({ type: 'talking-health:practice', ods: ods }, service);
    } else if (data.type === 'talking-health:height' && data.height > 0 && data.height < 100000) {
      frame.style.height = Math.ceil(data.height) + 'px';
    } else if (data.type === 'talking-health:event' &&
               (data.name === 'started' || data.name === 'completed')) {
      frame.dispatchEvent(new CustomEvent('talking-health:' + data.name, { bubbles: true }));
    }
  });

  script.parentNode.insertBefore(frame, script.nextSibling);
}());
