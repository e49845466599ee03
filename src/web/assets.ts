/** Small, cacheable assets: pages must be light enough for a cheap phone on a slow connection. */
export const APP_CSS = `
:root{--fg:#1b1f24;--muted:#5a6472;--bg:#fff;--line:#d0d7de;--accent:#0b5cad;--danger:#b42318;--warn:#b54708;--ok:#067647;--soft:#f3f5f7}
*{box-sizing:border-box}body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #f5b400;outline-offset:1px}
.banner{background:var(--danger);color:#fff;padding:.5rem 1rem;font-weight:600}
.banner a{color:#fff}
header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;padding:.5rem 1rem;border-bottom:1px solid var(--line)}
header .brand{font-weight:700;margin-right:auto;text-decoration:none;color:var(--fg)}
header nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem}
main{max-width:1200px;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0 1rem}h2{font-size:1.2rem;margin:1.25rem 0 .5rem}
label{display:block;font-weight:600;margin:.6rem 0 .2rem}
input[type=text],input[type=tel],input[type=number],input[type=password],input[type=datetime-local],input[type=date],select,textarea{width:100%;max-width:40rem;padding:.5rem;border:1px solid #8c959f;border-radius:4px;font:inherit}
textarea{min-height:6rem}
fieldset{border:1px solid var(--line);border-radius:6px;margin:1rem 0;padding:.5rem 1rem 1rem}
legend{font-weight:700;padding:0 .3rem}
.checks label{display:inline-flex;gap:.35rem;align-items:center;font-weight:400;margin:.2rem 1rem .2rem 0}
button,.button{display:inline-block;background:var(--accent);color:#fff;border:0;border-radius:4px;padding:.6rem 1.1rem;font:inherit;font-weight:600;cursor:pointer;text-decoration:none}
button.secondary{background:#57606a}button.danger{background:var(--danger)}
.errors{border:2px solid var(--danger);background:#fef3f2;padding:.5rem 1rem;border-radius:6px}
.notice{border:2px solid var(--ok);background:#ecfdf3;padding:.5rem 1rem;border-radius:6px}
.code{font:700 1.6rem/1.2 ui-monospace,Menlo,Consolas,monospace;letter-spacing:.1em}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
th{background:var(--soft);font-size:.9rem}
.tag{display:inline-block;padding:.05rem .45rem;border-radius:999px;font-size:.8rem;font-weight:700;background:var(--soft)}
.risk-CRITICAL,.danger-flag{background:var(--danger);color:#fff}.risk-HIGH{background:var(--warn);color:#fff}.overdue{background:var(--danger);color:#fff}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:1rem}
.card{border:1px solid var(--line);border-radius:6px;padding:.75rem 1rem}
.muted{color:var(--muted)}.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.timeline li{margin:.3rem 0}
.bar{height:1.1rem;background:var(--accent);border-radius:2px}
@media (max-width:600px){main{padding:.75rem}table.responsive thead{display:none}table.responsive td{display:block;border:0;padding:.15rem 0}table.responsive tr{display:block;border-bottom:1px solid var(--line);padding:.4rem 0}}
`;

/** Progressive enhancement only: every page works without it. */
export const APP_JS = `
(function(){
  document.addEventListener('keydown',function(e){
    if((e.ctrlKey||e.metaKey)&&e.key==='Enter'){var f=document.activeElement&&document.activeElement.form;if(f){e.preventDefault();f.requestSubmit?f.requestSubmit():f.submit();}}
  });
  var lookup=document.querySelector('[data-lookup]');
  if(lookup){
    var out=document.getElementById('lookup-results');var timer;
    var run=function(){
      var phone=document.getElementById('callerPhone').value.trim();var name=document.getElementById('childName').value.trim();
      if(phone.length<3&&name.length<2){out.innerHTML='';return;}
      var q=new URLSearchParams();if(phone.length>=3)q.set('phone',phone);if(name.length>=2)q.set('name',name);
      fetch('/operator/lookup?'+q.toString(),{credentials:'same-origin'}).then(function(r){return r.ok?r.text():''}).then(function(h){out.innerHTML=h;});
    };
    ['callerPhone','childName'].forEach(function(id){var el=document.getElementById(id);if(el)el.addEventListener('input',function(){clearTimeout(timer);timer=setTimeout(run,300);});});
  }
})();
`;
