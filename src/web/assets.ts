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
.skip{position:absolute;left:-10000px;top:0;background:#fff;color:var(--accent);padding:.5rem 1rem;z-index:10}.skip:focus{left:0}
.inline-form{display:inline-flex;flex-wrap:wrap;gap:.4rem;align-items:end;margin:.25rem 0}.inline-form label{margin:0}
.inline-form input[type=text]{width:auto;min-width:12rem}
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;margin-bottom:1rem}.filters label{margin:0 0 .2rem}.filters input,.filters select{width:auto}
.danger-switch{border:3px solid var(--danger);border-radius:6px;padding:.6rem .8rem;margin:.25rem 0 .75rem;background:#fef3f2}
.danger-switch label{display:flex;gap:.6rem;align-items:center;margin:0;color:var(--danger);font-size:1.15rem;font-weight:800}
.danger-switch input{width:1.5rem;height:1.5rem}
.danger-box{border:2px solid var(--danger);background:#fef3f2;border-radius:6px;padding:.6rem 1rem;margin:0 0 1rem}
.danger-box .button{margin:.3rem .4rem 0 0}
a.button.danger{background:var(--danger);color:#fff}
.toc{display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:.5rem 0 1rem}
.row-overdue td:first-child{border-left:4px solid var(--danger)}
.refstatus-DECLINED{background:var(--danger);color:#fff}.refstatus-COMPLETED{background:var(--ok);color:#fff}.refstatus-SENT{background:#fff4e5;color:#7a2e0e}
dl{margin:0}dt{font-weight:700;margin-top:.4rem}dd{margin:0 0 .2rem}
.charts{grid-template-columns:repeat(auto-fit,minmax(26rem,1fr))}.chart svg{max-width:100%;height:auto;display:block}
.chart{margin:0;border:1px solid var(--line);border-radius:6px;padding:.5rem .75rem}.chart figcaption{font-weight:700;margin-bottom:.25rem}
.chart-label{font-size:12px;fill:var(--fg)}.chart-value{font-size:12px;fill:var(--fg);font-weight:700}
.chart-small{font-size:9px}.chart-bar{fill:var(--accent)}.chart-bar.risk-CRITICAL{fill:var(--danger)}.chart-bar.risk-HIGH{fill:var(--warn)}.chart-bar.risk-MEDIUM{fill:#a15c07}.chart-bar.risk-LOW{fill:var(--ok)}
.figures{display:flex;flex-wrap:wrap;gap:1rem}.figures div{border:1px solid var(--line);border-radius:6px;padding:.5rem 1rem}.figures dd{font-size:1.4rem;font-weight:700}
.plan-items input,.plan-items select{max-width:none}
.notifications{list-style:none;padding:0}.notifications li{margin:.5rem 0;padding:.4rem .6rem;border-bottom:1px solid var(--line)}.notifications li.unread{border-left:4px solid var(--accent);background:var(--soft)}
.notifications .inline-form button,button.small{padding:.25rem .7rem;font-size:.85rem}
.lookup-list{list-style:none;padding:0}.lookup-list li{border:1px solid var(--line);border-radius:6px;padding:.4rem .6rem;margin:.35rem 0}
.lookup-list kbd{font:700 .85rem ui-monospace,monospace;border:1px solid #8c959f;border-radius:3px;padding:0 .25rem}
.summary-line{font-size:1.1rem}
.kind-LEGAL{background:#0b5cad;color:#fff}.kind-POLICY{background:var(--soft);color:var(--fg);border:1px solid var(--line)}.small{font-size:.85rem}
.stack-form{display:flex;flex-wrap:wrap;gap:.3rem .5rem;align-items:end;margin:.35rem 0}.stack-form label{margin:0;font-weight:400;width:100%}.stack-form input[type=text]{width:auto;flex:1;min-width:10rem}
.caller-box{border:2px solid var(--warn);border-radius:6px;padding:.4rem .8rem;margin:.5rem 0;background:#fffaeb}
[hidden]{display:none!important}
@media (max-width:600px){.charts{grid-template-columns:1fr}main{padding:.75rem}table.responsive thead{display:none}table.responsive td{display:block;border:0;padding:.15rem 0}table.responsive tr{display:block;border-bottom:1px solid var(--line);padding:.4rem 0}}
`;

/** Progressive enhancement only: every page works without it. */
export const APP_JS = `
(function(){
  'use strict';
  document.addEventListener('keydown',function(e){
    if((e.ctrlKey||e.metaKey)&&e.key==='Enter'){var f=document.activeElement&&document.activeElement.form;if(f){e.preventDefault();f.requestSubmit?f.requestSubmit():f.submit();}}
  });
  // Only report calls (and counselling flagged at risk) carry a report: the other calls need no more fields.
  var callType=document.getElementById('callType');var riskFlag=document.querySelector('input[name=riskFlagged]');var part=document.getElementById('report-part');
  function toggleReport(){if(!callType||!part)return;var t=callType.value;part.hidden=!(t==='REPORT'||(t==='COUNSELLING'&&riskFlag&&riskFlag.checked));}
  if(callType){callType.addEventListener('change',toggleReport);if(riskFlag)riskFlag.addEventListener('change',toggleReport);toggleReport();}
  // Place picker: the commune list follows the province. The no-script button is removed, not hidden, so Enter
  // in a field still sends the form itself.
  Array.prototype.forEach.call(document.querySelectorAll('.js-hide'),function(b){b.parentNode.removeChild(b);});
  var prov=document.querySelector('[data-commune-source]');var communeList=document.querySelector('[data-commune-list]');
  function communeLabel(n){var m=/^(Phường|Xã|Đặc khu|Thị trấn) (.+)$/.exec(n);return m?m[2]+' ('+m[1]+')':n;}
  if(prov&&communeList){prov.addEventListener('change',function(){
    var code=prov.value;while(communeList.options.length>1)communeList.remove(1);
    if(!/^[0-9]{2}$/.test(code))return;
    fetch('/api/v1/geo/communes?provinceCode='+code,{credentials:'same-origin',headers:{'Accept':'application/json'}})
      .then(function(r){return r.ok?r.json():{items:[]};})
      .then(function(j){
        if(prov.value!==code)return;
        communeList.options[0].textContent=communeList.dataset.unknown;
        (j.items||[]).map(function(c){return {code:c.code,label:communeLabel(c.name)};})
          .sort(function(a,b){return a.label.localeCompare(b.label,'vi');})
          .forEach(function(c){var o=document.createElement('option');o.value=c.code;o.textContent=c.label;communeList.appendChild(o);});
      }).catch(function(){});
  });}
  var form=document.querySelector('[data-lookup]');
  var out=document.getElementById('lookup-results');
  if(!form||!out)return;
  var meta=document.querySelector('meta[name="csrf-token"]');
  var csrf=meta?meta.getAttribute('content'):'';
  var labels=out.dataset;var statusLabels={};var reasonLabels={};try{statusLabels=JSON.parse(labels.status||'{}');reasonLabels=JSON.parse(labels.reasons||'{}');}catch(x){}
  var linkInput=document.getElementById('linkToCaseId');var linkNumber=document.getElementById('linkCaseNumber');
  var choice=document.getElementById('link-choice');var choiceNumber=document.getElementById('link-choice-number');
  var candidates=[];var timer;var seq=0;
  function el(tag,cls,text){var n=document.createElement(tag);if(cls)n.className=cls;if(text!==undefined)n.textContent=text;return n;}
  function choose(c){
    if(!c)return;linkInput.value=c.caseId;linkNumber.value=c.caseNumber;choiceNumber.textContent=c.caseNumber;choice.hidden=false;
  }
  var clear=document.getElementById('link-clear');
  if(clear)clear.addEventListener('click',function(){linkInput.value='';linkNumber.value='';choice.hidden=true;});
  function val(id){var n=document.getElementById(id);return n?n.value.trim():'';}
  function render(lookup,dups){
    var seen={};candidates=[];
    (dups||[]).forEach(function(d){if(!seen[d.caseId]){seen[d.caseId]=1;candidates.push({caseId:d.caseId,caseNumber:d.caseNumber,detail:Math.round(d.score*100)+'% — '+(d.reasons?d.reasons.map(function(r){return reasonLabels[r]||r;}):(d.explanation||[])).join('; ')});}});
    ((lookup&&lookup.cases)||[]).forEach(function(c){if(!seen[c.caseId]&&c.status!=='CLOSED'){seen[c.caseId]=1;candidates.push({caseId:c.caseId,caseNumber:c.caseNumber,detail:(c.children||'')+' — '+(statusLabels[c.status]||c.status)});}});
    out.textContent='';
    if(!candidates.length&&!(lookup&&lookup.calls&&lookup.calls.length)){out.appendChild(el('p','muted',labels.none));return;}
    if(candidates.length){
      out.appendChild(el('h3',null,labels.dups));
      var ul=el('ul','lookup-list');
      candidates.slice(0,9).forEach(function(c,i){
        var li=el('li');li.appendChild(el('strong',null,c.caseNumber));li.appendChild(document.createTextNode(' '+c.detail+' '));
        var b=el('button','secondary');b.type='button';b.appendChild(el('kbd',null,'Alt+'+(i+1)));b.appendChild(document.createTextNode(' '+labels.link));
        b.addEventListener('click',function(){choose(c);});li.appendChild(b);ul.appendChild(li);
      });
      out.appendChild(ul);
    }
    if(lookup&&lookup.calls&&lookup.calls.length){out.appendChild(el('p','muted',labels.calls+': '+lookup.calls.length));}
  }
  // Repeat callers: earlier calls of the number and the flags supervisors set on it, beside the form.
  var callerBox=document.getElementById('caller-history');var callerSeq=0;
  function fmt(iso){var d=new Date(new Date(iso).getTime()+7*3600000).toISOString();return d.slice(8,10)+'/'+d.slice(5,7)+'/'+d.slice(0,4)+' '+d.slice(11,16);}
  function callerHistory(phone){
    if(!callerBox)return;var my=++callerSeq;
    if(phone.replace(/[^0-9]/g,'').length<9){callerBox.hidden=true;callerBox.textContent='';return;}
    fetch('/api/v1/intake/callers/'+encodeURIComponent(phone),{credentials:'same-origin',headers:{'Accept':'application/json'}})
      .then(function(r){return r.ok?r.json():null;}).then(function(h){
        if(my!==callerSeq)return;callerBox.textContent='';
        if(!h||(!h.flags.length&&!h.calls.length)){callerBox.hidden=true;return;}
        var d=callerBox.dataset;var types={};var callTypes={};try{types=JSON.parse(d.types||'{}');callTypes=JSON.parse(d.calltypes||'{}');}catch(x){}
        callerBox.appendChild(el('h3',null,d.title));
        if(h.flags.length){var ul=el('ul');h.flags.forEach(function(f){var li=el('li');li.appendChild(el('strong',null,(types[f.type]||f.type)+': '));li.appendChild(document.createTextNode(f.note+' ('+d.until+' '+fmt(f.until)+')'));ul.appendChild(li);});callerBox.appendChild(el('p',null,d.flags));callerBox.appendChild(ul);}
        if(h.calls.length){callerBox.appendChild(el('p',null,d.calls+': '+h.calls.length+' · '+d.last+': '+fmt(h.calls[0].startedAt)+' ('+(callTypes[h.calls[0].callType]||h.calls[0].callType)+')'));}
        callerBox.hidden=false;
      }).catch(function(){});
  }
  function run(){
    var phone=val('callerPhone').replace(/[^0-9+]/g,'');callerHistory(phone);var name=val('childName');var province=val('provinceCode');
    var digits=phone.replace(/[^0-9]/g,'');
    if(digits.length<9&&name.length<2){out.textContent='';candidates=[];return;}
    var my=++seq;
    var q=new URLSearchParams();if(digits.length>=9)q.set('phone',phone);if(name.length>=2)q.set('name',name);
    var lookup=fetch('/api/v1/intake/lookup?'+q.toString(),{credentials:'same-origin',headers:{'Accept':'application/json'}}).then(function(r){return r.ok?r.json():null;}).catch(function(){return null;});
    var body={};if(name.length>=2)body.children=[{fullName:name}];if(digits.length>=9)body.callerPhone=phone;if(/^[0-9]{2}$/.test(province))body.location={provinceCode:province};
    var dups=fetch('/api/v1/intake/duplicate-check',{method:'POST',credentials:'same-origin',headers:{'Content-Type':'application/json','Accept':'application/json','X-CSRF-Token':csrf},body:JSON.stringify(body)}).then(function(r){return r.ok?r.json():null;}).then(function(j){return j?j.items:[];}).catch(function(){return [];});
    Promise.all([lookup,dups]).then(function(res){if(my===seq)render(res[0],res[1]);});
  }
  ['callerPhone','childName','provinceCode'].forEach(function(id){var n=document.getElementById(id);if(n){n.addEventListener('input',function(){clearTimeout(timer);timer=setTimeout(run,300);});n.addEventListener('change',run);}});
  document.addEventListener('keydown',function(e){
    if(e.altKey&&!e.ctrlKey&&!e.metaKey&&/^[1-9]$/.test(e.key)){var c=candidates[Number(e.key)-1];if(c){e.preventDefault();choose(c);}}
  });
})();
`;
