// The Social Summit Tracker's page script (no framework, loaded on every page
// by the shell): registers the service worker, offers "reload to update",
// shows the offline indicator, keeps edits made offline in IndexedDB and
// sends them when the network is back. Its words come from the page's own
// translated HTML (elements with data-summit-* attributes), never from here.
(() => {
  'use strict';

  const $ = (selector) => document.querySelector(selector);

  // ---- Service worker and updates -------------------------------------------
  let updateAsked = false;

  function offerUpdate(worker) {
    const banner = $('#update-banner');
    if (!banner) return;
    banner.hidden = false;
    const button = banner.querySelector('button');
    button.onclick = () => {
      button.disabled = true;
      updateAsked = true;
      worker.postMessage({ type: 'summit-tracker:skip-waiting' });
    };
  }

  if ('serviceWorker' in navigator && window.top === window.self) {
    let reloading = false;
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      // Only after the person asked for it (the first install claims silently).
      if (reloading || !updateAsked) return;
      reloading = true;
      window.location.reload();
    });
    window.addEventListener('load', async () => {
      try {
        const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
        window.summitRegistration = registration;
        const watch = (worker) => {
          worker.addEventListener('statechange', () => {
            if (worker.state === 'installed' && navigator.serviceWorker.controller) offerUpdate(worker);
          });
        };
        if (registration.waiting && navigator.serviceWorker.controller) offerUpdate(registration.waiting);
        // The first install claims the page a moment later.
        if (navigator.serviceWorker.controller) askOffline();
        else navigator.serviceWorker.addEventListener('controllerchange', askOffline, { once: true });
        if (registration.installing) watch(registration.installing);
        registration.addEventListener('updatefound', () => watch(registration.installing));
      } catch (error) {
        console.info('service worker not registered', error);
      }
    });
  }

  // ---- Every public page offline ---------------------------------------------
  // The worker keeps every public page of the page's language (sw.js,
  // keepOffline); this asks it to on each visit, unless the person turned it
  // off here, and shows how far it got.
  const OFFLINE_KEY = 'summit-offline';

  function offlineWanted() {
    try {
      return localStorage.getItem(OFFLINE_KEY) !== 'off';
    } catch (error) {
      return true;
    }
  }

  function askOffline() {
    const worker = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (!worker) return;
    worker.postMessage({
      type: 'summit-tracker:offline',
      lang: document.documentElement.lang,
      enabled: offlineWanted(),
    });
  }

  function showOfflineSet(progress) {
    const line = $('#offline-set');
    if (!line) return;
    const text = line.querySelector('span');
    const button = line.querySelector('button');
    // The person's choice wins over a progress report the worker sent
    // before it heard of it.
    if (progress.enabled === false || !offlineWanted()) {
      text.textContent = line.dataset.off;
      button.textContent = line.dataset.turnOn;
    } else if (progress.paused) {
      text.textContent = line.dataset.paused;
      button.textContent = line.dataset.turnOff;
    } else if (typeof progress.total === 'number') {
      text.textContent = line.dataset.have
        .replace('{have}', String(progress.have))
        .replace('{total}', String(progress.total));
      line.dataset.countHave = String(progress.have);
      line.dataset.countTotal = String(progress.total);
      button.textContent = line.dataset.turnOff;
    } else {
      return;
    }
    line.hidden = false;
  }

  // ---- The language chosen ---------------------------------------------------
  // Remembered only when a person picks one (pages set no cookie, so every
  // visitor gets the same bytes and a shared cache can keep them); `/` reads it.
  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('.languages a[hreflang]');
    if (!link) return;
    document.cookie = `i18n_pref_locale=${link.hreflang}; Path=/; Max-Age=31536000; SameSite=Lax`;
  });

  document.addEventListener('click', (event) => {
    if (!event.target.closest || !event.target.closest('#offline-set button')) return;
    const wanted = !offlineWanted();
    try {
      localStorage.setItem(OFFLINE_KEY, wanted ? 'on' : 'off');
    } catch (error) {
      // private mode: this visit only
    }
    if (!wanted) showOfflineSet({ enabled: false });
    askOffline();
  });

  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.addEventListener('message', (event) => {
      if (event.data && event.data.type === 'summit-tracker:offline-progress') showOfflineSet(event.data);
    });
  }

  // ---- Offline indicator -----------------------------------------------------
  function showConnection() {
    const indicator = $('#offline-indicator');
    if (indicator) indicator.hidden = navigator.onLine;
  }
  window.addEventListener('online', () => {
    showConnection();
    sync();
  });
  window.addEventListener('offline', showConnection);

  // ---- Edits made offline ----------------------------------------------------
  const DB = 'summit-tracker';
  const STORE = 'pending-edits';

  function open() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB, 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore(STORE, { keyPath: 'id', autoIncrement: true });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  async function withStore(mode, work) {
    const db = await open();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const result = work(tx.objectStore(STORE));
      // Closed when done: an open connection would keep the page out of
      // the back/forward cache.
      tx.oncomplete = () => {
        db.close();
        resolve(result.result === undefined ? result : result.result);
      };
      tx.onerror = () => {
        db.close();
        reject(tx.error);
      };
    });
  }

  const all = () => withStore('readonly', (store) => store.getAll());
  const put = (record) => withStore('readwrite', (store) => store.put(record));
  const remove = (id) => withStore('readwrite', (store) => store.delete(id));

  /** The account this page was rendered for (the header's account link
   *  carries its id), or null when nobody is signed in. */
  function pageAccount() {
    const link = document.querySelector('[data-account]');
    return link ? link.dataset.account : null;
  }

  /** The account the server has this browser signed in as now, or null. */
  async function signedInAccount() {
    const response = await fetch('/api/me', {
      headers: { accept: 'application/json' },
      credentials: 'same-origin',
      cache: 'no-store',
    });
    if (!response.ok) throw new Error(`/api/me answered ${response.status}`);
    const account = await response.json();
    return account && account.id != null ? String(account.id) : null;
  }

  /** Called when an edit form is sent while offline (see below).
   *  The edit belongs to the account that made it: it is shown to, and sent
   *  for, that account only, never under another person's name. */
  async function queue(body, label, href) {
    await put({
      body: JSON.parse(body),
      label,
      href,
      account: pageAccount(),
      state: 'pending',
      queuedAt: Date.now(),
    });
    await render();
    // The save may have failed on a server blip rather than a lost network.
    setTimeout(sync, 5000);
  }

  /** The pending and refused edits, in words from the page's templates. */
  async function render() {
    let records = [];
    try {
      const mine = pageAccount();
      records = (await all()).filter((r) => mine !== null && r.account === mine);
    } catch (error) {
      return;
    }
    const panel = $('#sync-status');
    if (!panel) return;
    const pending = records.filter((r) => r.state === 'pending');
    const refused = records.filter((r) => r.state !== 'pending');
    const list = panel.querySelector('ul');
    list.replaceChildren();
    const template = (name) => panel.dataset[name] || '';
    for (const record of records) {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = record.href;
      link.textContent = record.label;
      item.append(link, ' — ');
      const text =
        record.state === 'pending' ? template('pending') :
        record.state === 'conflict' ? template('conflict') : template('refused');
      item.append(text);
      if (record.state !== 'pending') {
        const dismiss = document.createElement('button');
        dismiss.type = 'button';
        dismiss.className = 'button small';
        dismiss.textContent = template('dismiss');
        dismiss.onclick = async () => {
          await remove(record.id);
          await render();
        };
        item.append(' ', dismiss);
      }
      item.dataset.state = record.state;
      list.append(item);
    }
    panel.hidden = records.length === 0;
    const count = panel.querySelector('[data-count]');
    if (count) count.textContent = String(pending.length);
    // Rows of this page with a change waiting.
    document.querySelectorAll('tr[data-pending-label]').forEach((row) => row.removeAttribute('data-pending-label'));
    for (const record of pending) {
      if (new URL(record.href, location.href).pathname !== location.pathname) continue;
      const row = document.querySelector(`table.actions tr[data-kind="${record.body.edit.kind}"]`);
      if (row) row.setAttribute('data-pending-label', template('pendingShort'));
    }
    return { pending: pending.length, refused: refused.length };
  }

  let syncing = false;
  /** Sends each waiting edit with the version it was based on; a conflict or
   *  refusal is kept and shown, never dropped. */
  async function sync() {
    if (syncing || !navigator.onLine) return;
    syncing = true;
    let sent = 0;
    try {
      let me;
      try {
        me = await signedInAccount();
      } catch (error) {
        return; // offline, or the server is unwell: try again later
      }
      if (me === null) return; // signed out: kept until its author signs in again
      for (const record of await all()) {
        if (record.state !== 'pending' || record.account !== me) continue;
        let response;
        try {
          response = await fetch('/api/update-action', {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            body: JSON.stringify(record.body),
            credentials: 'same-origin',
          });
        } catch (error) {
          break; // still offline
        }
        if (response.ok) {
          await remove(record.id);
          sent += 1;
        } else if (response.status === 401) {
          break; // signed out: keep it until the editor signs in again
        } else {
          record.state = response.status === 409 ? 'conflict' : 'refused';
          await put(record);
        }
      }
    } finally {
      syncing = false;
    }
    await render();
    // Shows what was sent, unless an edit form is open (what is typed there stays).
    const open = document.querySelector('form.editor:popover-open, form.editor:not([popover])');
    if (sent > 0 && !open) window.location.reload();
  }

  /** The edit forms are plain HTML posts (no wasm). Sent while offline, the
   *  edit would be lost with the page the browser cannot load: it is kept
   *  here instead, as the JSON the edit function takes, with the version the
   *  form started from (or the newer one "apply them to this version" chose). */
  function keepOffline(event) {
    const form = event.target;
    if (navigator.onLine || !(form instanceof HTMLFormElement) || !form.matches('form.editor')) return;
    let base;
    try {
      base = JSON.parse(form.dataset.edit || '');
    } catch (error) {
      return; // not an edit form this script knows: let the browser try
    }
    event.preventDefault();
    const data = new FormData(form, event.submitter);
    const text = (name) => String(data.get(name) || '');
    const edit = {
      target: base.target,
      kind: base.kind,
      version: Number(text('rebase') || text('version')),
      patch: {
        status: text('status'),
        themes: data.getAll('themes').map(String),
        evidence: text('evidence').split('\n').map((line) => line.trim()).filter(Boolean),
        note: text('note'),
      },
    };
    queue(JSON.stringify({ lang: base.lang, edit }), form.dataset.label || '', location.pathname).then(() => {
      if (form.matches(':popover-open')) form.hidePopover();
      const note = form.closest('section')?.querySelector('[data-queued-note]');
      if (note) note.hidden = false;
    }, () => form.submit()); // cannot be kept here: let the browser try the network
  }
  document.addEventListener('submit', keepOffline);

  window.summitOffline = { queue, sync, render };

  // ---- Copy buttons (the embed builder) -------------------------------------
  document.addEventListener('click', async (event) => {
    const button = event.target.closest && event.target.closest('[data-copy-target]');
    if (!button) return;
    const source = document.getElementById(button.dataset.copyTarget);
    if (!source) return;
    try {
      await navigator.clipboard.writeText(source.value || source.textContent);
    } catch (error) {
      source.select && source.select();
      document.execCommand && document.execCommand('copy');
    }
    const done = document.getElementById(button.dataset.copyDone);
    if (done) done.hidden = false;
  });

  // ---- Page transitions: only from page to page ------------------------------
  // A link to data (the API, a feed, a calendar file, a download) opens a
  // document that cannot take part in the transition; skipped here, rather
  // than left for Chromium to abort and report as an error.
  window.addEventListener('pageswap', (event) => {
    const url = event.viewTransition && event.activation && event.activation.entry && event.activation.entry.url;
    if (!url) return;
    const path = new URL(url).pathname;
    if (!/^\/(api|feeds)\//.test(path) && !/\.[a-z]+$/.test(path)) return;
    event.viewTransition.ready.catch(() => {}); // a skipped transition rejects `ready`
    event.viewTransition.skipTransition();
  });

  // ---- Inside an embed: tell the host page how tall the content is --------
  const embedded = window.top !== window.self && /^\/[a-z]{2}\/embed\//.test(location.pathname);
  if (embedded) {
    let last = 0;
    const post = () => {
      const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      if (height === last) return;
      last = height;
      window.parent.postMessage({ type: 'summit-tracker:height', height }, '*');
    };
    window.addEventListener('load', post);
    window.addEventListener('resize', post);
    if ('ResizeObserver' in window) new ResizeObserver(post).observe(document.documentElement);
  }

  /** Runs `work` once the wasm has hydrated the page (it marks <html>), so
   *  this script never changes markup Leptos is still hydrating. */
  function whenHydrated(work) {
    const html = document.documentElement;
    if (html.hasAttribute('data-hydrated')) return work();
    let done = false;
    const run = () => {
      if (done) return;
      done = true;
      observer.disconnect();
      work();
    };
    const observer = new MutationObserver(() => html.hasAttribute('data-hydrated') && run());
    observer.observe(html, { attributes: true, attributeFilter: ['data-hydrated'] });
    setTimeout(run, 8000); // no wasm (old browser, failed download): the HTML is all there is
  }

  // Browsers do not always report a regained connection: retry now and then.
  setInterval(() => navigator.onLine && sync(), 30000);

  const start = () => {
    showConnection();
    if (embedded) return;
    whenHydrated(() => {
      render().then(sync);
      // Client-side navigation replaces the page: mark its pending rows again.
      const main = document.getElementById('main');
      if (main) new MutationObserver(() => render()).observe(main, { childList: true });
    });
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
