/*
 * Social Brussels citizen portal: progressive enhancement only. Every page works without this
 * script (plain links and GET forms); it adds suggestions while typing (ARIA 1.2 combobox with a
 * listbox), "near me" through the browser's geolocation, and ties the result list to the map.
 * Plain ES2017 for low-end phones, no dependency, loaded with `defer` from /assets (the
 * Content-Security-Policy allows no inline script).
 */
(function () {
  'use strict';

  const body = document.body;
  const suggestUrl = body.getAttribute('data-suggest');

  function debounce(fn, ms) {
    let timer = null;
    return function (...args) {
      clearTimeout(timer);
      timer = setTimeout(function () {
        fn(...args);
      }, ms);
    };
  }

  /* ---- Suggestions: https://www.w3.org/WAI/ARIA/apg/patterns/combobox/ (list autocomplete) ---- */

  function enhanceCombobox(combo) {
    const input = combo.querySelector('input');
    if (!input || !suggestUrl || !window.fetch) return;
    const listId = input.id + '-listbox';
    const list = document.createElement('ul');
    list.id = listId;
    list.className = 'suggestions';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', combo.getAttribute('data-label-suggestions'));
    list.hidden = true;
    const live = document.createElement('div');
    live.className = 'visually-hidden';
    live.setAttribute('role', 'status');
    combo.appendChild(list);
    combo.appendChild(live);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', listId);

    let items = [];
    let active = -1;
    let request = 0;

    function close() {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }

    function setActive(next) {
      if (items.length === 0) return;
      active = (next + items.length) % items.length;
      items.forEach(function (item, i) {
        item.el.setAttribute('aria-selected', i === active ? 'true' : 'false');
      });
      input.setAttribute('aria-activedescendant', items[active].el.id);
      items[active].el.scrollIntoView({ block: 'nearest' });
    }

    function render(suggestions) {
      list.textContent = '';
      items = suggestions.map(function (s, i) {
        const li = document.createElement('li');
        li.id = listId + '-' + i;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        const label = document.createElement('span');
        label.className = 'suggestion-label';
        label.textContent = s.label;
        const type = document.createElement('span');
        type.className = 'suggestion-type';
        type.textContent = s.type;
        li.appendChild(label);
        li.appendChild(document.createTextNode(' '));
        li.appendChild(type);
        // mousedown, not click: the input's blur would close the list first.
        li.addEventListener('mousedown', function (event) {
          event.preventDefault();
          window.location.assign(s.url);
        });
        list.appendChild(li);
        return { el: li, url: s.url };
      });
      active = -1;
      input.removeAttribute('aria-activedescendant');
      if (items.length === 0) {
        close();
        live.textContent = combo.getAttribute('data-label-none');
        return;
      }
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      live.textContent = combo.getAttribute('data-label-count').replace('{count}', String(items.length));
    }

    const lookup = debounce(function (text) {
      const mine = ++request;
      fetch(suggestUrl + '?q=' + encodeURIComponent(text), { headers: { accept: 'application/json' } })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (answer) {
          // Only the answer to the latest keystroke counts.
          if (mine === request && input.value.trim() === text) render(answer.suggestions || []);
        })
        .catch(function () {
          if (mine === request) close();
        });
    }, 180);

    input.addEventListener('input', function () {
      const text = input.value.trim();
      if (text.length < 2) {
        request++;
        close();
        live.textContent = '';
        return;
      }
      lookup(text);
    });

    input.addEventListener('keydown', function (event) {
      const open = !list.hidden;
      if (event.key === 'ArrowDown') {
        if (!open && items.length > 0) {
          list.hidden = false;
          input.setAttribute('aria-expanded', 'true');
        }
        if (items.length > 0) {
          event.preventDefault();
          setActive(active + 1);
        }
      } else if (event.key === 'ArrowUp') {
        if (open && items.length > 0) {
          event.preventDefault();
          setActive(active - 1);
        }
      } else if (event.key === 'Enter') {
        // With a suggestion chosen, go to it; otherwise the form is submitted as usual.
        if (open && active >= 0) {
          event.preventDefault();
          window.location.assign(items[active].url);
        }
      } else if (event.key === 'Escape') {
        if (open) {
          event.preventDefault();
          close();
        }
      } else if (event.key === 'Tab') {
        close();
      }
    });

    input.addEventListener('blur', function () {
      setTimeout(close, 100);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll('[data-combobox]'), enhanceCombobox);

  /* ---- Near me: the browser's position, then the same GET form with `near` ---- */

  Array.prototype.forEach.call(document.querySelectorAll('[data-near-me]'), function (button) {
    if (!navigator.geolocation) return;
    const form = button.form;
    const status = form.querySelector('[data-near-status]');
    button.hidden = false;
    button.addEventListener('click', function () {
      status.textContent = button.getAttribute('data-label-locating');
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          const params = new URLSearchParams();
          new FormData(form).forEach(function (value, key) {
            if (value !== '' && key !== 'page' && key !== 'near' && key !== 'sort') params.append(key, value);
          });
          // Five decimals (about a metre), as the portal writes positions.
          const round = (degrees) => String(Math.round(degrees * 1e5) / 1e5);
          params.set('near', round(position.coords.latitude) + ',' + round(position.coords.longitude));
          window.location.assign(form.action + '?' + params.toString());
        },
        function () {
          button.disabled = false;
          status.textContent = button.getAttribute('data-label-denied');
        },
        { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 },
      );
    });
  });

  /* ---- Result list ↔ map: hovering or focusing one highlights the other ---- */

  function link(selector, otherSelector) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), function (el) {
      const number = el.getAttribute('data-hit');
      function toggle(on) {
        Array.prototype.forEach.call(document.querySelectorAll(otherSelector + '[data-hit="' + number + '"]'), function (other) {
          other.classList.toggle('highlight', on);
        });
      }
      ['mouseenter', 'focusin'].forEach(function (type) {
        el.addEventListener(type, function () {
          toggle(true);
        });
      });
      ['mouseleave', 'focusout'].forEach(function (type) {
        el.addEventListener(type, function () {
          toggle(false);
        });
      });
    });
  }
  link('li.hit[data-hit]', '.marker');
  link('.marker[data-hit]', 'li.hit');
})();
