// The idle warning of a signed-in page. PAL ends a session after the idle time (PAL_SESSION_IDLE_MINUTES) since the
// last request; typing on a page sends none. Before that, this shows the page's hidden warning with a button that
// keeps the session (a POST, with the page's CSRF token) without leaving the page, so what was typed stays.
// Without JavaScript the page still works; its footer says when sessions end.
(function () {
  'use strict';
  var warning = document.getElementById('session-warning');
  if (!warning) return;
  var idleMs = Number(warning.getAttribute('data-idle-seconds')) * 1000;
  // Warn two minutes ahead, or halfway through a shorter idle time.
  var aheadMs = Math.min(120000, idleMs / 2);
  var text = document.getElementById('session-warning-text');
  var keep = document.getElementById('session-keep');
  var signIn = document.getElementById('session-sign-in');
  var token = document.querySelector('input[name="_csrf"]');
  var timers = [];
  var before = null;

  function minutes(ms) {
    var m = Math.max(1, Math.round(ms / 60000));
    return m === 1 ? '1 minute' : m + ' minutes';
  }
  function show(message, canKeep) {
    text.textContent = message;
    keep.hidden = !canKeep;
    signIn.hidden = canKeep;
    if (warning.hidden) before = document.activeElement;
    warning.hidden = false;
    warning.focus();
  }
  function hide() {
    warning.hidden = true;
    if (before && before.focus) before.focus();
  }
  function signedOut() {
    show('You have been signed out because PAL was not used for a while. What you typed is still on this page: copy it before you sign in again.', false);
  }
  function start() {
    timers.forEach(clearTimeout);
    timers = [
      setTimeout(function () {
        show('You will be signed out in ' + minutes(aheadMs) + ' because PAL has not been used for a while. What you typed stays on this page.', true);
      }, idleMs - aheadMs),
      setTimeout(signedOut, idleMs),
    ];
  }
  keep.addEventListener('click', function () {
    fetch('/portal/session/keep', { method: 'POST', credentials: 'same-origin', headers: { 'csrf-token': token ? token.value : '' } })
      .then(function (res) {
        if (res.status !== 204) return signedOut();
        hide();
        start();
      })
      .catch(function () {
        text.textContent = 'PAL could not be reached. Check your connection and select Stay signed in again.';
      });
  });
  start();
})();
