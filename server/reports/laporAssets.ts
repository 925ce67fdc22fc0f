/** The /lapor form's style and its small progressive script (served from this origin: the CSP allows no inline code). */

export const LAPOR_CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#10212b;background:#f3f6f8}
header{background:#0b3b5c;color:#fff;padding:14px 16px}
header h1{margin:0;font-size:1.25rem}
header p{margin:4px 0 0;font-size:.9rem;opacity:.85}
main{max-width:560px;margin:0 auto;padding:16px}
.card{background:#fff;border-radius:10px;padding:16px;margin-bottom:16px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
label{display:block;font-weight:600;margin:14px 0 6px}
label .en,.en{font-weight:400;color:#52616b}
select,textarea,input[type=text],input[type=email],input[type=tel],input[type=file]{width:100%;font:inherit;padding:12px;border:1px solid #8a9aa5;border-radius:8px;background:#fff}
textarea{min-height:120px}
fieldset{border:1px solid #c9d3da;border-radius:8px;margin:14px 0 0;padding:8px 12px 12px}
legend{font-weight:600;padding:0 4px}
button,.button{display:block;width:100%;font:inherit;font-weight:700;padding:14px;border:0;border-radius:8px;background:#0b6e4f;color:#fff;margin-top:18px;text-align:center;text-decoration:none}
button.secondary{background:#fff;color:#0b3b5c;border:2px solid #0b3b5c;margin-top:8px}
.js-only{display:none}
.js .js-only{display:block}
.hint{font-size:.875rem;color:#52616b;margin:4px 0 0}
.error{background:#fdecea;color:#8a1c12;border-left:4px solid #c62828;padding:12px;border-radius:6px}
.status{font-size:1.2rem;font-weight:700}
.num{font-family:ui-monospace,monospace;font-size:1.1rem}
.hp{position:absolute;left:-10000px}
ol.steps{padding-left:20px}
button .en,.button .en{color:inherit;opacity:.85}
ol.steps li{margin:6px 0}
footer{max-width:560px;margin:0 auto;padding:0 16px 24px;font-size:.85rem;color:#52616b}
`;

export const LAPOR_JS = `(function () {
  document.documentElement.classList.add('js');
  var btn = document.getElementById('locate');
  var st = document.getElementById('locate-status');
  var lat = document.getElementById('lat');
  var lng = document.getElementById('long');
  if (!btn || !st || !lat || !lng) return;
  btn.addEventListener('click', function () {
    if (!navigator.geolocation) {
      st.textContent = 'Perangkat tidak memberi lokasi; pilih kelurahan. / No location on this device; pick a kelurahan.';
      return;
    }
    st.textContent = 'Mencari lokasi… / Locating…';
    navigator.geolocation.getCurrentPosition(
      function (p) {
        lat.value = p.coords.latitude.toFixed(6);
        lng.value = p.coords.longitude.toFixed(6);
        st.textContent = 'Lokasi terisi (±' + Math.round(p.coords.accuracy) + ' m). / Location set.';
      },
      function () {
        st.textContent = 'Lokasi tidak tersedia; pilih kelurahan. / Location unavailable; pick a kelurahan.';
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
    );
  });
})();
`;
