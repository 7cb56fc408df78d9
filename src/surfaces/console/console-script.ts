/**
 * The console's one script (progressive enhancement: every page works without it). It adds:
 * - copy buttons (`button[data-copy]` copies the text of the element whose id it names);
 * - the live reach of a scope picker (`[data-reach]` forms: as scopes change, the reach fragment is fetched with
 *   GET and swapped in);
 * - live regions that refresh themselves (`[data-refresh]`: re-fetched every 2 s while it says it is live).
 * Changes always go through forms with the CSRF token; this script only reads.
 */
export const consoleScript = `(function(){
"use strict";
document.addEventListener('click',function(event){
  var button=event.target.closest&&event.target.closest('button[data-copy]');
  if(!button)return;
  var source=document.getElementById(button.getAttribute('data-copy'));
  if(!source||!navigator.clipboard)return;
  navigator.clipboard.writeText(source.textContent.trim()).then(function(){button.textContent='Copied';});
});
function swap(target,url){
  return fetch(url,{headers:{'x-heygate-fragment':'1'},credentials:'same-origin'}).then(function(response){
    return response.ok?response.text():Promise.reject(response.status);
  }).then(function(text){target.innerHTML=text;return target;});
}
document.querySelectorAll('form[data-reach]').forEach(function(form){
  var target=document.getElementById(form.getAttribute('data-reach'));
  var timer;
  function update(){
    var params=new URLSearchParams();
    form.querySelectorAll('[name=scopes]').forEach(function(input){
      if((input.type!=='checkbox'||input.checked)&&input.value)params.append('scopes',input.value);
    });
    swap(target,form.getAttribute('data-reach-url')+'?'+params.toString()).catch(function(){});
  }
  form.addEventListener('input',function(event){
    if(event.target.name!=='scopes')return;
    clearTimeout(timer);timer=setTimeout(update,150);
  });
});
document.querySelectorAll('[data-refresh]').forEach(function(region){
  function tick(){
    if(region.getAttribute('data-live')!=='true')return;
    swap(region,region.getAttribute('data-refresh')).then(function(){
      var inner=region.querySelector('[data-live]');
      region.setAttribute('data-live',inner?inner.getAttribute('data-live'):'false');
      setTimeout(tick,2000);
    },function(){setTimeout(tick,5000);});
  }
  setTimeout(tick,2000);
});
})();
`;
