var Ee,_l,Fd,En,ls,Wa,xl,Ha,yl,us,cs,zd,na=Symbol.for("pv"),Ba={},ja=[],Ud=/^m(i|n|o|s|text|space)$/,ps=Array.isArray,ds=ja.slice,Zn=Object.assign;function Jn(e){e&&e.parentNode&&e.remove()}function wl(e,t,n){var r,a,o,s={},i=arguments.length;for(o in t)o=="key"?r=t[o]:o=="ref"&&typeof e!="function"?a=t[o]:s[o]=t[o];return i>2&&(s.children=i>3?ds.call(arguments,2):n),ta(e,s,r,a,null)}function ta(e,t,n,r,a){var o={type:e,props:t,key:n,ref:r,__k:null,__:null,__b:0,__e:null,__c:null,constructor:na,__v:a||++_l,__i:-1,__u:0};return!a&&Ee.vnode&&Ee.vnode(o),o}function ra(e){return e.children}function Nn(e,t){this.props=e,this.context=t,this.__g=0}function Pn(e,t){if(t==null)return e.__&&Pn(e.__,e.__i+1);for(var n;t<e.__k.length;t++)if((n=e.__k[t])&&n.__e)return n.__e;return typeof e.type!="function"||e.props.__P?null:Pn(e)}function Hd(e){var t,n=e.__v,r=n.__e,a=[],o=[],s=e.__P;s&&((t=Zn({constructor:na},n)).__v=n.__v+1,Ee.vnode&&Ee.vnode(t),fs(s,t,n,e.__n,s.namespaceURI,32&n.__u?[r]:null,a,r||Pn(n),32&n.__u,o),t.__v=n.__v,t.__.__k[t.__i]=t,Cl(a,t,o),n.__=n.__e=null,t.__e!=r&&kl(t))}function kl(e){if((e=e.__)&&e.__c&&!e.props.__P)return e.__e=null,e.__k.some(function(t){return t&&(e.__e=t.__e)}),kl(e)}function $l(e){(8&e.__g||(e.__g|=8,En.push(e),Wa++))&&ls==Ee.debounceRendering||((ls=Ee.debounceRendering)||queueMicrotask)(Sl)}function Sl(){try{for(var e,t=1;En.length;)En.length>t&&En.sort(xl),e=En.shift(),t=En.length,8&e.__g&&Hd(e)}finally{(Wa=En.length)&&(ls||queueMicrotask)(Sl)}}function Tl(e,t,n,r,a,o,s,i,l,p,u){var f,g,m,y,$,w,v=r.__k||ja,_=t.length;for(l=Vd(n,t,v,l,_),f=0;f<_;f++)(m=n.__k[f])!=null&&(g=~m.__i&&v[m.__i]||Ba,m.__i=f,w=fs(e,m,g,a,o,s,i,l,p,u),y=m.__e,(g.ref!=m.ref||8&g.__u)&&(g.ref&&ms(g.ref,null,m,g),m.ref&&u.push(m.ref,m.__c||y,m)),$=$||y,4&m.__u?(l=Ml(m,l,e,!g.__v),g.__e&&(g.__e=null)):typeof m.type=="function"&&w!==void 0?l=w:y&&(l=y.nextSibling),m.__u&=-21);return n.__e=$,l}function Vd(e,t,n,r,a){var o,s,i,l,p,u,f,g,m,y=n.length,$=y,w=0,v=0,_=e.__k=Array(a);for(o=0;o<a;o++)(s=t[o])!=null&&typeof s!="boolean"&&typeof s!="function"?(typeof s!="object"||s.constructor===String?s=_[o]=ta(null,s):ps(s)?s=_[o]=ta(ra,{children:s}):s.constructor===na&&s.__b?s=_[o]=ta(s.type,s.props,s.key,s.ref,s.__v):_[o]=s,l=o+w,s.__=e,s.__b=e.__b+1,i=null,~(p=s.__i=Wd(s,n,l,$))&&($--,(i=n[p])&&(i.__u|=2)),i&&i.__v?(s.__u|=16,p==l-1?w--:p==l+1?w++:p!=l&&(p>l?w--:w++,v=1)):(~p||(a>y?w--:a<y&&w++),typeof s.type!="function"&&(s.__u|=4))):_[o]=null;if(v){for(u=[],f=[],o=0;o<a;o++)if((s=_[o])&&16&s.__u){for(w=0,g=u.length;w<g;)u[m=w+g>>1]<s.__i?w=m+1:g=m;u[w]=s.__i,f[o]=w+1}for(w=u.length;o--;)f[o]&&(f[o]==w?w--:_[o].__u|=4)}if($)for(o=0;o<y;o++)!(i=n[o])||2&i.__u||(i.__e==r&&(r=Pn(i)),hs(i,i));return r}function Ml(e,t,n,r){var a,o,s,i;if(typeof e.type=="function"){if(e.props.__P)return t;if(a=e.__k)for(o=0;o<a.length;o++)a[o]&&(a[o].__=e,t=Ml(a[o],t,n,!1));return t}for(t&&!t.parentNode&&(t=Pn(e))&&!t.parentNode&&(t=null),s=e.__e,i=t;i&&i.nodeType==8;)i=i.nextSibling;for(s!=i&&(!r&&n.moveBefore&&s.parentNode?n.moveBefore(s,t):n.insertBefore(s,t||null)),t=s;(t=t&&t.nextSibling)&&t.nodeType==8&&!t.data.startsWith("$s"););return t}function Wd(e,t,n,r){var a,o=e.key,s=e.type,i=t[n],l=i&&!(2&i.__u);if(i===null&&o==null||l&&o==i.key&&s==i.type)return n;if(r>(l?1:0)){for(a=n-1;a>=0;a--)if((i=t[a])&&!(2&i.__u)&&o==i.key&&s==i.type)return a;for(a=n+1;a<t.length;a++)if((i=t[a])&&!(2&i.__u)&&o==i.key&&s==i.type)return a}return-1}function bl(e,t,n){n==null&&(n=""),t[0]=="-"?e.setProperty(t,n):e[t]=n}function Ua(e,t,n,r,a){var o,s;if(t=="style")if(typeof n=="string")e.style.cssText=n;else{if(typeof r=="string"&&(e.style.cssText=r=""),r)for(t in r)n&&t in n||bl(e.style,t);if(n)for(t in n)r&&n[t]==r[t]||bl(e.style,t,n[t])}else if(t[0]=="o"&&t[1]=="n")typeof n!="function"&&(n=null),typeof r!="function"&&(r=null),(e.__e||(e.__e={}))[t]=n,n&&r||(s=cs[t]||(cs[t]=Bd(t)),(e.__a||(e.__a={}))[t]=us,o=t!=(t=t.replace(yl,"$1")),(t=t.slice(2))[0]<"a"&&(t=t.toLowerCase()),n?e.addEventListener(t,s,o):e.removeEventListener(t,s,o));else{if(a=="http://www.w3.org/2000/svg")t=t.replace(/xlink(H|:h)/,"h").replace(/sName$/,"s");else if(t!="width"&&t!="height"&&t!="href"&&t!="list"&&t!="form"&&t!="tabIndex"&&t!="download"&&t!="rowSpan"&&t!="colSpan"&&t!="role"&&t!="popover"&&t in e)try{return void(e[t]=n??"")}catch{}if(typeof n=="function")return;n==null||n===!1&&t[4]!="-"?e.removeAttribute(t):e.setAttribute(t,t=="popover"&&n==1?"":n)}}function Bd(e){return function(t){var n=this.__e;if(n){if(n=n[e],t[Ha]==null)t[Ha]=us++;else if(t[Ha]<this.__a[e])return;return n(Ee.event?Ee.event(t):t)}}}function fs(e,t,n,r,a,o,s,i,l,p){var u,f,g,m,y,$,w,v,_,T,S,M,E,I,D,C,R,P,j=t.type;if(t.constructor!==na)return null;128&n.__u&&(l=32&n.__u,u=n.__c.__z)&&(t.__u|=l,f=o=[],u.nodeType==8?i=Va(u,o):o.push(u),i=o[0]||i),(u=Ee.__b)&&u(t);e:if(typeof j=="function"){g=s.length;try{if(v=t.props,_=(u=j.prototype)&&u.render,T=(u=j.contextType)&&r[u.__c],S=u?T?T.props.value:u.__:r,(m=n.__c)?(t.__c=m,2&m.__g&&(m.__g|=1)):(_?t.__c=m=new j(v,S):(t.__c=m=new Nn(v,S),m.constructor=j,m.render=qd),T&&T.sub(m),m.state||(m.state={}),m.__n=r,m.__g|=8,m.__h=[],m.__k=[]),_&&(m.__s||(m.__s=m.state),j.getDerivedStateFromProps&&(m.__s==m.state&&(m.__s=Zn({},m.__s)),Zn(m.__s,j.getDerivedStateFromProps(v,m.__s)))),y=m.props,$=m.state,m.__v=t,n.__c){if(v!==y&&_&&!j.getDerivedStateFromProps&&m.componentWillReceiveProps&&m.componentWillReceiveProps(v,S),t.__v==n.__v&&!(8&m.__g)||!(4&m.__g)&&m.shouldComponentUpdate&&m.shouldComponentUpdate(v,m.__s,S)===!1){t.__v!=n.__v&&(m.props=v,m.state=m.__s,m.__g&=-9),t.__e=n.__e,t.__k=n.__k,t.__k.some(function(F){F&&(F.__=t)}),ja.push.apply(m.__h,m.__k),m.__k=[],m.__h.length&&s.push(m),i=Pn(n);break e}m.componentWillUpdate&&m.componentWillUpdate(v,m.__s,S),_&&m.componentDidUpdate&&m.__h.push(function(){m.componentDidUpdate(y,$,w)})}else _&&!j.getDerivedStateFromProps&&m.componentWillMount&&m.componentWillMount(),_&&m.componentDidMount&&m.__h.push(m.componentDidMount);m.context=S,m.props=v,m.__P=e,m.__g&=-5,M=Ee.__r,E=_?25:0;do m.__g&=-9,M&&M(t),u=m.render(m.props,m.state=m.__s,m.context);while(8&m.__g&&++E<25);_&&(ja.push.apply(m.__h,m.__k),m.__k=[]),m.state=m.__s,m.getChildContext&&(r=Zn({},r,m.getChildContext())),_&&n.__c&&m.getSnapshotBeforeUpdate&&(w=m.getSnapshotBeforeUpdate(y,$)),I=u&&u.type===ra&&u.key==null?u.props.children:u,v.__P&&(u=i,a=(e=v.__P).namespaceURI,l=o=null,n.props&&n.props.__P!=e&&(n.__k.some(function(F){F&&hs(F,F)}),n.__k=null),i=n.__k?Pn(n,0):null),i=Tl(e,ps(I)?I:[I],t,n,r,a,o,s,i,l,p),v.__P&&(t.__e=null,i=u),t.__u&=-161,f&&f.some(Jn),m.__h.length&&s.push(m),1&m.__g&&(m.__g&=-4)}catch(F){if(s.length=g,t.__v=null,l||o)if(F&&F.then){if(t.__u|=128|l,o){for(~(R=o.indexOf(i||void 0))||(R=o.length);(P=o[R-1])&&P.nodeType==8;)R--;for(;R<o.length;R++)if(P=o[R])if(o[R]=null,D){if(P==C)break}else{if(P.nodeType!=8)break;P.data.startsWith("$s")&&(C=Va(D=P))}}if(!D){for(;i&&i.nodeType==8&&i.nextSibling;)i=i.nextSibling;D=i}(u=Va(D=t.__c.__z||(t.__c.__z=D)))?(t.__e=D,i=u):t.__e=i,i=i&&i.nextSibling}else o&&o.some(Jn);else t.__e=n.__e;t.__k||(t.__k=n.__k||[]),F&&F.then||Al(t),Ee.__e(F,t,n)}}else i=t.__e=jd(n.__e,t,n,r,a,o,s,l,p,e);return(u=Ee.diffed)&&u(t),i}function Va(e,t){if(e&&e.nodeType==8&&e.data.startsWith("$s"))for(var n=1;e=e.nextSibling;){if(e.nodeType==8){if(e.data.startsWith("$s"))n++;else if(e.data.startsWith("/$s")&&!--n)return e}t&&t.push(e)}}function Al(e){e&&(e.__c&&(e.__c.__g|=4),e.__k&&e.__k.some(Al))}function Cl(e,t,n){for(var r=0;r<n.length;)ms(n[r++],n[r++],n[r++]);Ee.__c&&Ee.__c(t,e),e.some(function(a){try{e=a.__h,a.__h=[],e.some(function(o){o.call(a)})}catch(o){Ee.__e(o,a.__v)}})}function jd(e,t,n,r,a,o,s,i,l,p){var u,f,g,m,y,$,w,v,_=n.props||Ba,T=t.props,S=t.type;if(S=="svg"?a="http://www.w3.org/2000/svg":S=="math"?a="http://www.w3.org/1998/Math/MathML":a||(a="http://www.w3.org/1999/xhtml"),o){for(u=0;u<o.length;u++)if((y=o[u])&&(S?y.localName==S:y.nodeType==3)){e=y,o[u]=null;break}}if(!e){if(v=p.ownerDocument||document,!S)return v.createTextNode(T);e=v.createElementNS(a,S,T.is?T:p),i&&(Ee.__m&&Ee.__m(t,o),i=!1),o=null}if(S){if(p=S=="template"&&e.content||e,o=S=="textarea"&&T.defaultValue!=null?null:o&&ds.call(p.childNodes),!i&&o)for(_={},u=0;u<e.attributes.length;u++)_[(y=e.attributes[u]).name]=y.value;for(u in _)y=_[u],u=="dangerouslySetInnerHTML"?g=y:u=="children"||u in T||u=="value"&&"defaultValue"in T||u=="checked"&&"defaultChecked"in T||Ua(e,u,null,y,a);for(u in T)y=T[u],u=="children"?m=y:u=="dangerouslySetInnerHTML"?f=y:u=="value"?$=y:u=="checked"?w=y:i&&typeof y!="function"||_[u]===y||Ua(e,u,y,_[u],a);f?(i||g&&(f.__html==g.__html||f.__html==e.innerHTML)||(e.innerHTML=f.__html),t.__k=[]):(g&&(e.textContent=""),(S=="foreignObject"||a=="http://www.w3.org/1998/Math/MathML"&&Ud.test(S))&&(a="http://www.w3.org/1999/xhtml"),Tl(p,ps(m)?m:[m],t,n,r,a,o,s,o?o[0]:n.__k&&Pn(n,0),i,l),o&&o.some(Jn)),i&&S!="textarea"||(u="value",S=="progress"&&$==null?e.removeAttribute(u):$==null||$===e[u]&&(S!="progress"||$)||Ua(e,u,$,_[u],a),u="checked",w!=null&&w!=e[u]&&Ua(e,u,w,_[u],a))}else _===T||i&&e.data==T||(e.data=T);return e}function ms(e,t,n,r){try{typeof e=="function"?t?t.__x=e(t)||1:r&&(r=r.__c||r.__e)&&(t=r.__x)&&(r.__x=null,typeof t=="function"?t():e(null)):e.current=t}catch(a){Ee.__e(a,n)}}function hs(e,t,n){var r,a,o,s;if(Ee.unmount&&Ee.unmount(e),!(r=e.ref)||r.current&&r.current!=e.__e||ms(r,null,t,e),r=e.__c){if(r.componentWillUnmount)try{r.componentWillUnmount()}catch(i){Ee.__e(i,t)}r.__P=r.__n=null}if(r=e.__k)for(s=0;s<r.length;s++)r[s]&&hs(r[s],t,typeof e.type!="function"||n&&!e.props.__P);!n&&(r=e.__c)&&(r=r.__z)&&(a=Va(r,o=[]))&&(r==e.__e&&o.some(Jn),Jn(a),Jn(r)),n||Jn(e.__e),e.__e=e.__c=e.__=null}function qd(e,t,n){return this.constructor(e,n)}function gs(e,t){var n,r,a,o;Ee.__&&Ee.__(e,t),t.nodeType==9&&(t=t.documentElement),r=(n=e&&32&e.__u)?null:t.__k,t.__k=ta(ra,{children:[e]}),a=[],o=[],fs(t,t.__k,r||Ba,Ba,t.namespaceURI,r?null:t.firstChild?ds.call(t.childNodes):null,a,r?r.__e:t.firstChild,n,o),Cl(a,t.__k,o),t.__k.props.children=null}Ee={__e:function(e,t,n,r){for(var a,o,s;t=t.__;)if((a=t.__c)&&!(1&a.__g)){a.__g|=4;try{if((s=(o=a.constructor)&&o.getDerivedStateFromError)&&a.setState(o.getDerivedStateFromError(e)),a.componentDidCatch&&(a.componentDidCatch(e,r||{}),s=1),s&&8&a.__g)return void(a.__g|=2)}catch(i){e=i}}throw Wa=0,e}},_l=0,Fd=function(e){return e!=null&&e.constructor===na},Nn.prototype.setState=function(e,t){var n=this.__s;n&&n!=this.state||(n=this.__s=Zn({},this.state)),typeof e=="function"&&(e=e(Zn({},n),this.props)),e&&(Zn(n,e),this.__v&&(t&&this.__k.push(t),$l(this)))},Nn.prototype.forceUpdate=function(e){this.__v&&(this.__g|=4,e&&this.__h.push(e),$l(this))},Nn.prototype.render=ra,En=[],Wa=0,xl=function(e,t){return e.__v.__b-t.__v.__b},Ha=Symbol(),yl=/(PointerCapture)$|Capture$/i,us=0,cs={},zd=0;var Nl=function(e,t,n,r){var a;t[0]=0;for(var o=1;o<t.length;o++){var s=t[o++],i=t[o]?(t[0]|=s?1:2,n[t[o++]]):t[++o];s===3?r[0]=i:s===4?r[1]=Object.assign(r[1]||{},i):s===5?(r[1]=r[1]||{})[t[++o]]=i:s===6?r[1][t[++o]]+=i+"":s?(a=e.apply(i,Nl(e,i,n,["",null])),r.push(a),i[0]?t[0]|=2:(t[o-2]=0,t[o]=a)):r.push(i)}return r},El=new Map;function Pl(e){var t=El.get(this);return t||(t=new Map,El.set(this,t)),(t=Nl(this,t.get(e)||(t.set(e,t=(function(n){for(var r,a,o=1,s="",i="",l=[0],p=function(g){o===1&&(g||(s=s.replace(/^\s*\n\s*|\s*\n\s*$/g,"")))?l.push(0,g,s):o===3&&(g||s)?(l.push(3,g,s),o=2):o===2&&s==="..."&&g?l.push(4,g,0):o===2&&s&&!g?l.push(5,0,!0,s):o>=5&&((s||!g&&o===5)&&(l.push(o,0,s,a),o=6),g&&(l.push(o,g,0,a),o=6)),s=""},u=0;u<n.length;u++){u&&(o===1&&p(),p(u));for(var f=0;f<n[u].length;f++)r=n[u][f],o===1?r==="<"?(p(),l=[l],o=3):s+=r:o===4?s==="--"&&r===">"?(o=1,s=""):s=r+s[0]:i?r===i?i="":s+=r:r==='"'||r==="'"?i=r:r===">"?(p(),o=1):o&&(r==="="?(o=5,a=s,s=""):r==="/"&&(o<5||n[u][f+1]===">")?(p(),o===3&&(l=l[0]),o=l,(l=l[0]).push(2,0,o),o=0):r===" "||r==="	"||r===`
`||r==="\r"?(p(),o=2):s+=r),o===3&&s==="!--"&&(o=4,l=l[0])}return p(),l})(e)),t),arguments,[])).length>1?t:t[0]}var Ar,Qe,vs,Rl,$s=Object.is,oa=0,Vl=[],bs=[],qe=Ee,Ll=qe.__b,Dl=qe.__r,Ol=qe.diffed,Il=qe.__c,Fl=qe.unmount,zl=qe.__;function qa(e,t){qe.__h&&qe.__h(Qe,e,oa||t),oa=0;var n=Qe.__H||(Qe.__H={__:[],__h:[]});return e>=n.__.length&&n.__.push({}),n.__[e]}function U(e){return oa=1,Wl(Bl,e)}function Wl(e,t,n){var r=qa(Ar++,2);if(r.t=e,!r.__c&&(r.__=[n?n(t):Bl(void 0,t),function(o){var s=(r.__N||r.__)[0],i=r.t(s,o);$s(s,i)||(r.__N=[i,r.__[1]],r.__c.setState({}))}],r.__c=Qe,!Qe.__f)){Qe.__f=!0;var a=Qe.shouldComponentUpdate;Qe.shouldComponentUpdate=function(o,s,i){var l=this.__H;if(!l)return!0;var p=!1,u=this.props!=o;if(l.__.some(function(g){g.__N&&(p=!0,$s(g.__[0],g.__N[0])||(u=!0))}),a){var f=a.call(this,o,s,i);return p?f||u:f}return!p||u}}return r.__}function re(e,t){var n=qa(Ar++,3);!qe.__s&&xs(n.__H,t)&&(n.__P=!0,n.__=e,n.u=t,Qe.__H.__h.push(n))}function sa(e,t){var n=qa(Ar++,4);!qe.__s&&xs(n.__H,t)&&(n.__P=!1,n.__=e,n.u=t,Qe.__h.push(n))}function Ve(e){return oa=5,Ue(function(){return{current:e}},[])}function Ue(e,t){var n=qa(Ar++,7);return xs(n.__H,t)&&(n.__=e(),n.__H=t),n.__}function Dt(e,t){return oa=8,Ue(function(){return e},t)}function Kd(){var e;do{for(;e=bs.shift();)try{aa(e)}catch(n){qe.__e(n,{__:(e=e.__P)&&e.__v})}for(;e=Vl.shift();){var t=e.__H;if(e.__P&&t)try{t.__h.some(aa),t.__h.some(_s),t.__h=[]}catch(n){t.__h=[],qe.__e(n,e.__v)}}}while(bs.length)}qe.__b=function(e){Qe=null,Ll&&Ll(e)},qe.__=function(e,t){e&&t.__k&&t.__k.__m&&(e.__m=t.__k.__m),zl&&zl(e,t)},qe.__r=function(e){Dl&&Dl(e),Ar=0;var t=(Qe=e.__c).__H;t&&(vs==Qe?Qe.__h=[]:(t.__h.some(aa),t.__h.some(_s),Ar=0),t.__h=[],t.__.some(function(n){n.__N&&(n.__=n.__N),n.u=n.__N=void 0})),vs=Qe},qe.diffed=function(e){Ol&&Ol(e);var t=e.__c;t&&t.__H&&(t.__H.__h.length&&Hl(Vl.push(t)),t.__H.__.some(function(n){n.u&&(n.__H=n.u)})),vs=Qe=null},qe.__c=function(e,t){t.some(function(n){try{n.__h.some(aa),n.__h=n.__h.filter(function(r){return!r.__||_s(r)})}catch(r){n.__h=[function(){throw r}]}}),Il&&Il(e,t)},qe.unmount=function(e){Fl&&Fl(e);var t,n,r=e.__c;r&&r.__H&&(r.__H.__.some(function(a){try{if(a.__P&&a.__c){if(n===void 0){for(n=e.__;n&&(!n.__c||!n.__c.__P);)n=n.__;n=n&&n.__c}a.__P=n,Hl(bs.push(a))}else aa(a)}catch(o){t=o}}),r.__H=void 0,t&&qe.__e(t,r.__v))};var Ul=typeof requestAnimationFrame=="function";function Gd(e){var t,n=function(){clearTimeout(r),Ul&&cancelAnimationFrame(t),setTimeout(e)},r=setTimeout(n,35);Ul&&(t=requestAnimationFrame(n))}function Hl(e){e!=1&&Rl==qe.requestAnimationFrame||((Rl=qe.requestAnimationFrame)||Gd)(Kd)}function aa(e){var t=Qe,n=e.__c;typeof n=="function"&&(e.__c=void 0,n()),Qe=t}function _s(e){var t=Qe;e.__c=e.__(),Qe=t}function xs(e,t){return!e||e.length!=t.length||t.some(function(n,r){return!$s(n,e[r])})}function Bl(e,t){return typeof t=="function"?t(e):t}var c=Pl.bind(wl);var ys=new Set,jl=()=>{for(let e of[...ys])e()};window.addEventListener("popstate",jl);function et(e,{replace:t=!1}={}){let n=new URL(e,location.href);if(n.origin!==location.origin){location.assign(n.href);return}let r=n.pathname+n.search+n.hash;r!==location.pathname+location.search+location.hash&&(history[t?"replaceState":"pushState"](null,"",r),t||window.scrollTo(0,0),jl())}function ws(){let[,e]=U(0);return re(()=>{let t=()=>e(n=>n+1);return ys.add(t),()=>ys.delete(t)},[]),{path:location.pathname,search:location.search}}function Cr(e){let t={};for(let[n,r]of new URLSearchParams(e))n in t?t[n]=[...ct(t[n]),r]:t[n]=r;return t}var ct=e=>e==null?[]:Array.isArray(e)?e:[e];function ia(e){let t=new URLSearchParams;for(let[r,a]of Object.entries(e))for(let o of ct(a))o!==""&&o!=null&&t.append(r,String(o));let n=t.toString();return n?`?${n}`:""}var Ot=(e,t={})=>e+ia(t);function ut(){let{search:e}=ws(),t=Cr(e),n=Dt((r,a)=>{let o={...Cr(location.search),...r};for(let s of Object.keys(o))(o[s]==null||o[s]==="")&&delete o[s];et(Ot(location.pathname,o),a)},[]);return[t,n]}function Er(e,t){let[n,r]=ut(),a=Dt((o,s)=>r({[e]:o},s),[e]);return[n[e]??t,a]}function ql(e){e.addEventListener("click",t=>{if(t.defaultPrevented||t.button!==0||t.metaKey||t.ctrlKey||t.shiftKey||t.altKey)return;let n=t.target.closest&&t.target.closest("a[href]");if(!n||n.getAttribute("target")||n.hasAttribute("download"))return;let r=new URL(n.getAttribute("href"),location.href);r.origin!==location.origin||!r.pathname.startsWith("/ui/")||r.pathname.startsWith("/ui/assets/")||r.pathname.endsWith(".txt")||r.hash&&r.pathname===location.pathname&&r.search===location.search||(t.preventDefault(),et(r.pathname+r.search+r.hash))})}var Kl="ophion.theme";function Gl(){return document.documentElement.dataset.theme==="light"?"light":"dark"}function Yl(){let e=null;try{e=localStorage.getItem(Kl)}catch{}e!=="dark"&&e!=="light"&&(e=matchMedia("(prefers-color-scheme: light)").matches?"light":"dark"),document.documentElement.dataset.theme=e}function Ql(e){document.documentElement.dataset.theme=e;try{localStorage.setItem(Kl,e)}catch{}window.dispatchEvent(new Event("ophion:theme"))}var Ss="ophion.credential",ca=()=>sessionStorage.getItem(Ss),Ts=e=>sessionStorage.setItem(Ss,e),Ka=()=>sessionStorage.removeItem(Ss),ks=new Set;function Zl(e){return ks.add(e),()=>ks.delete(e)}function Xl(){let e=ca()!==null;Ka();for(let t of[...ks])t(e)}var la=class extends Error{constructor(t,n,r=""){super(n),this.name="ApiError",this.status=t,this.code=r}};function ec(e={}){let t={accept:"application/json",...e},n=ca();return n&&(t.authorization=`Bearer ${n}`),t}var Yd=(e,t,n)=>typeof t=="number"&&Number.isInteger(t)&&!Number.isSafeInteger(t)&&n&&n.source&&!/(_nano|_ns)$/.test(e)?n.source:t,Qd=/[:,[]\s*-?\d{16}/g,Jd=/_(?:nano|ns)"$/,tc=e=>{for(let t of e.matchAll(Qd)){let n=e.slice(Math.max(0,t.index-8),t.index);if(t[0][0]!==":"||!Jd.test(n))return JSON.parse(e,Yd)}return JSON.parse(e)};async function Jl(e,t,n,r,a){let o;try{o=await fetch(t+ia(n||{}),{method:e,signal:a,headers:ec(r===void 0?{}:{"content-type":"application/json"}),body:r===void 0?void 0:JSON.stringify(r)})}catch(l){throw l.name==="AbortError"?l:new la(0,`Ophion is unreachable (${l.message}). Is the server running?`,"network")}let s=await o.text(),i=null;try{i=s?tc(s):null}catch{}if(o.status===401&&!t.startsWith("/api/v1/auth/")&&Xl(),!o.ok){let l=i&&i.error,p=l&&(l.message||typeof l=="string"&&l)||s.slice(0,300)||`${o.status} ${o.statusText}`;throw new la(o.status,p,l&&l.code)}return i}var X={get:(e,t,{signal:n}={})=>Jl("GET",e,t,void 0,n),send:(e,t,n,{signal:r}={})=>Jl(e,t,null,n,r)};function oe(e,t,{enabled:n=!0}={}){let r=e&&n?e+ia(t||{}):null,a=Ve(t);return a.current=t,It(r&&(o=>X.get(e,a.current,{signal:o})),[r])}function It(e,t){let[n,r]=U({data:void 0,error:null,loading:!!e}),[a,o]=U(0);sa(()=>{if(!e){r({data:void 0,error:null,loading:!1});return}let i=new AbortController;return r(l=>l.loading&&!l.error?l:{data:l.data,error:null,loading:!0}),e(i.signal).then(l=>{i.signal.aborted||r({data:l,error:null,loading:!1})},l=>{l.name!=="AbortError"&&!i.signal.aborted&&r({data:void 0,error:l,loading:!1})}),()=>i.abort()},[...t,a]);let s=Dt(()=>o(i=>i+1),[]);return{...n,reload:s}}async function nc(e,t,{onOpen:n,onEvent:r,onError:a,signal:o}={}){try{let s=await fetch(e+ia(t||{}),{signal:o,headers:ec({accept:"text/event-stream"})});if(!s.ok){let p=await s.text(),u=p;try{u=JSON.parse(p).error.message}catch{}throw s.status===401&&Xl(),new la(s.status,u||`${s.status} ${s.statusText}`)}n&&n();let i=s.body.pipeThrough(new TextDecoderStream).getReader(),l="";for(;;){let{value:p,done:u}=await i.read();if(u)break;l+=p;let f;for(;(f=l.search(/\r?\n\r?\n/))>=0;){let g=l.slice(0,f);l=l.slice(f).replace(/^\r?\n\r?\n/,""),Zd(g,r)}}}catch(s){s.name!=="AbortError"&&a&&a(s)}}function Zd(e,t){let n="message",r=[];for(let s of e.split(/\r?\n/)){if(!s||s.startsWith(":"))continue;let i=s.indexOf(":"),l=i<0?s:s.slice(0,i),p=i<0?"":s.slice(i+1).replace(/^ /,"");l==="event"?n=p:l==="data"&&r.push(p)}if(!r.length)return;let a=r.join(`
`),o=a;try{o=tc(a)}catch{}t&&t(n,o)}var Xd=new Uint32Array([1116352408,1899447441,3049323471,3921009573,961987163,1508970993,2453635748,2870763221,3624381080,310598401,607225278,1426881987,1925078388,2162078206,2614888103,3248222580,3835390401,4022224774,264347078,604807628,770255983,1249150122,1555081692,1996064986,2554220882,2821834349,2952996808,3210313671,3336571891,3584528711,113926993,338241895,666307205,773529912,1294757372,1396182291,1695183700,1986661051,2177026350,2456956037,2730485921,2820302411,3259730800,3345764771,3516065817,3600352804,4094571909,275423344,430227734,506948616,659060556,883997877,958139571,1322822218,1537002063,1747873779,1955562222,2024104815,2227730452,2361852424,2428436474,2756734187,3204031479,3329325298]),mn=(e,t)=>e>>>t|e<<32-t;function rc(e){let t=e.length*8,n=new Uint8Array(e.length+9+63>>6<<6);n.set(e),n[e.length]=128;let r=new DataView(n.buffer);r.setUint32(n.length-8,Math.floor(t/2**32)),r.setUint32(n.length-4,t>>>0);let a=new Uint32Array([1779033703,3144134277,1013904242,2773480762,1359893119,2600822924,528734635,1541459225]),o=new Uint32Array(64);for(let l=0;l<n.length;l+=64){for(let v=0;v<16;v++)o[v]=r.getUint32(l+v*4);for(let v=16;v<64;v++){let _=mn(o[v-15],7)^mn(o[v-15],18)^o[v-15]>>>3,T=mn(o[v-2],17)^mn(o[v-2],19)^o[v-2]>>>10;o[v]=o[v-16]+_+o[v-7]+T>>>0}let[p,u,f,g,m,y,$,w]=a;for(let v=0;v<64;v++){let _=w+(mn(m,6)^mn(m,11)^mn(m,25))+(m&y^~m&$)+Xd[v]+o[v]>>>0,T=(mn(p,2)^mn(p,13)^mn(p,22))+(p&u^p&f^u&f)>>>0;w=$,$=y,y=m,m=g+_>>>0,g=f,f=u,u=p,p=_+T>>>0}a[0]+=p,a[1]+=u,a[2]+=f,a[3]+=g,a[4]+=m,a[5]+=y,a[6]+=$,a[7]+=w}let s=new Uint8Array(32),i=new DataView(s.buffer);for(let l=0;l<8;l++)i.setUint32(l*4,a[l]);return s}var ac={required:!1,api_keys:!0,oidc:null},Ms="ophion.oidc",As="/ui/auth/callback";function sc(){let[e,t]=U({status:"ready",config:ac,reason:"",known:!1});re(()=>{let s=i=>t(l=>({...l,config:i,known:!0,status:i.required&&!ca()?"signin":l.status}));return X.get("/api/v1/auth/config").then(s,i=>s({...ac,required:i.status===401})),Zl(i=>t(l=>({...l,status:"signin",reason:i&&l.status==="ready"?"Your session ended or the credential was refused. Sign in again.":l.reason})))},[]);let n=Dt(async s=>{Ts(s);try{await X.get("/api/v1/whoami")}catch(i){throw Ka(),i}t(i=>({...i,status:"ready",reason:""}))},[]),r=Dt(()=>{Ka(),t(s=>({...s,status:s.config.required?"signin":"ready",reason:"Signed out."}))},[]),a=Dt(()=>tf(e.config.oidc),[e.config]),o=Dt(async s=>{let i=await nf(s);return t(l=>({...l,status:"ready",reason:""})),i},[]);return{...e,hasCredential:ca()!==null,signInWithKey:n,signOut:r,startOidc:a,finishOidc:o}}var ic=e=>btoa(String.fromCharCode(...e)).replace(/\+/g,"-").replace(/\//g,"_").replace(/=+$/,""),oc=e=>ic(crypto.getRandomValues(new Uint8Array(e)));async function ef(e){let t=new TextEncoder().encode(e),n=crypto.subtle?new Uint8Array(await crypto.subtle.digest("SHA-256",t)):rc(t);return ic(n)}async function tf(e){let t=oc(32),n=oc(16),r=location.pathname.startsWith(As)?"/ui/":location.pathname+location.search;sessionStorage.setItem(Ms,JSON.stringify({verifier:t,state:n,returnTo:r}));let a=new URL(e.authorization_endpoint);a.searchParams.set("response_type","code"),a.searchParams.set("client_id",e.client_id),a.searchParams.set("redirect_uri",location.origin+As),a.searchParams.set("scope",e.scope||"openid"),a.searchParams.set("state",n),a.searchParams.set("code_challenge",await ef(t)),a.searchParams.set("code_challenge_method","S256"),location.assign(a.href)}async function nf(e){if(e.error)throw new Error(`The identity provider refused the sign-in: ${e.error_description||e.error}`);let t=null;try{t=JSON.parse(sessionStorage.getItem(Ms))}catch{}if(sessionStorage.removeItem(Ms),!t||!e.code||e.state!==t.state)throw new Error("This sign-in link is stale or was not started here. Start the sign-in again.");let n=await X.send("POST","/api/v1/auth/token",{code:e.code,code_verifier:t.verifier,redirect_uri:location.origin+As});if(!n||!n.access_token)throw new Error("Ophion returned no access token.");return Ts(n.access_token),t.returnTo||"/ui/"}var Ga={from:"now-1h",to:"now"},Ps=[{from:"now-5m",label:"Last 5 minutes"},{from:"now-15m",label:"Last 15 minutes"},{from:"now-1h",label:"Last 1 hour"},{from:"now-6h",label:"Last 6 hours"},{from:"now-24h",label:"Last 24 hours"},{from:"now-7d",label:"Last 7 days"},{from:"now-30d",label:"Last 30 days"}],rf={s:1e3,m:6e4,h:36e5,d:864e5,w:7*864e5},af=e=>typeof e=="string"&&e.startsWith("now");function lc(e,t=Date.now()){if(e==null||e==="")return NaN;let n=String(e).trim(),r=n.match(/^now(?:-(\d+(?:\.\d+)?)([smhdw]))?$/);return r?r[1]?t-Number(r[1])*rf[r[2]]:t:/^\d+$/.test(n)?Number(n):Date.parse(n)}function cc({from:e,to:t},n=Date.now()){let r=lc(e,n),a=lc(t,n);return Number.isFinite(a)||(a=n),(!Number.isFinite(r)||r>=a)&&(r=a-36e5),{start:Math.floor(r),end:Math.ceil(a)}}function uc(e){return{from:e.from??e.start??Ga.from,to:e.to??e.end??Ga.to}}var of=[1,5,10,15,30,60,120,300,600,900,1800,3600,7200,10800,21600,43200,86400];function sf(e,t,n=60){let r=(t-e)/1e3/n,a=of.find(o=>o>=r)??86400;return a%3600===0?`${a/3600}h`:a%60===0?`${a/60}m`:`${a}s`}var Ya=e=>{let t=String(e).match(/^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/);return t?Number(t[1])*{ms:1,s:1e3,m:6e4,h:36e5,d:864e5}[t[2]||"ms"]:6e4},Es=0,Ns=new Set;function lf(){Es+=1;for(let e of[...Ns])e(Es)}function Ke(){let[e,t]=ut(),{from:n,to:r}=uc(e),[a,o]=U(Es);re(()=>(Ns.add(o),()=>Ns.delete(o)),[]);let{start:s,end:i}=Ue(()=>cc({from:n,to:r}),[n,r,a]),l=Dt(p=>t({from:p.from,to:p.to,start:null,end:null}),[]);return{from:n,to:r,start:s,end:i,step:sf(s,i),setRange:l,refresh:lf,params:{start:s,end:i}}}function z(e,t={}){let{from:n,to:r}=uc(Cr(location.search)),a=n===Ga.from&&r===Ga.to?{}:{from:n,to:r};return Ot(e,{...t,...a})}function Qa({from:e,to:t}){let n=Ps.find(o=>o.from===e);if(n&&t==="now")return n.label;if(af(e)&&t==="now")return`Last ${e.slice(4)}`;let{start:r,end:a}=cc({from:e,to:t});return`${Ne(r)} → ${Ne(a)}`}var q=e=>Number(e)/1e6;function ue(e){if(e==null||!Number.isFinite(Number(e)))return"–";let t=Number(e);return t===0?"0 ms":t<.001?`${Math.round(t*1e6)} ns`:t<1?`${Cs(t*1e3)} µs`:t<1e3?`${Cs(t)} ms`:t<6e4?`${Cs(t/1e3)} s`:t<36e5?`${Math.floor(t/6e4)}m ${Math.round(t%6e4/1e3)}s`:`${Math.floor(t/36e5)}h ${Math.round(t%36e5/6e4)}m`}var xt=e=>ue(q(e)),Cs=e=>e>=100?String(Math.round(e)):String(Number(e.toPrecision(e>=10?3:2))),nn=(e,t=2)=>String(e).padStart(t,"0");function cf(e){let t=new Date(e);return`${nn(t.getHours())}:${nn(t.getMinutes())}:${nn(t.getSeconds())}`}function Ne(e){let t=new Date(e);return`${t.getFullYear()}-${nn(t.getMonth()+1)}-${nn(t.getDate())} ${cf(e)}`}function Gt(e){let t=q(e);return`${Ne(t)}.${nn(Math.floor(t%1e3),3)}`}function Ft(e,t=Date.now()){let n=Math.round((t-e)/1e3);return n<60?`${Math.max(n,0)} s ago`:n<3600?`${Math.round(n/60)} min ago`:n<86400?`${Math.round(n/3600)} h ago`:`${Math.round(n/86400)} d ago`}function Rs(e){let t=new Date(e);return`${t.getFullYear()}-${nn(t.getMonth()+1)}-${nn(t.getDate())}T${nn(t.getHours())}:${nn(t.getMinutes())}:${nn(t.getSeconds())}`}var Ls=e=>new Date(e).getTime();var uf="uplot",pf="u-hz",df="u-vt",ff="u-title",mf="u-wrap",hf="u-under",gf="u-over",vf="u-axis",tr="u-off",$f="u-select",bf="u-cursor-x",_f="u-cursor-y",xf="u-cursor-pt",yf="u-legend",wf="u-live",kf="u-inline",Sf="u-series",Tf="u-marker",pc="u-label",Mf="u-value",pa="width",da="height";var dc="bottom",Nr="left",Ds="right",Zs="#000",fc=Zs+"0",Os="mousemove",mc="mousedown",Is="mouseup",hc="mouseenter",gc="mouseleave",vc="dblclick",Af="resize",Cf="scroll",$c="change",to="dppxchange",Xs="--",Fr=typeof window<"u",Vs=Fr?document:null,Rr=Fr?window:null,Ef=Fr?navigator:null,xe,Ja;function Ws(){let e=devicePixelRatio;xe!=e&&(xe=e,Ja&&js($c,Ja,Ws),Ja=matchMedia(`(min-resolution: ${xe-.001}dppx) and (max-resolution: ${xe+.001}dppx)`),nr($c,Ja,Ws),Rr.dispatchEvent(new CustomEvent(to)))}function zt(e,t){if(t!=null){let n=e.classList;!n.contains(t)&&n.add(t)}}function Bs(e,t){let n=e.classList;n.contains(t)&&n.remove(t)}function Oe(e,t,n){e.style[t]=n+"px"}function rn(e,t,n,r){let a=Vs.createElement(e);return t!=null&&zt(a,t),n?.insertBefore(a,r),a}function Yt(e,t){return rn("div",e,t)}var bc=new WeakMap;function hn(e,t,n,r,a){let o="translate("+t+"px,"+n+"px)",s=bc.get(e);o!=s&&(e.style.transform=o,bc.set(e,o),t<0||n<0||t>r||n>a?zt(e,tr):Bs(e,tr))}var _c=new WeakMap;function xc(e,t,n){let r=t+n,a=_c.get(e);r!=a&&(_c.set(e,r),e.style.background=t,e.style.borderColor=n)}var yc=new WeakMap;function wc(e,t,n,r){let a=t+""+n,o=yc.get(e);a!=o&&(yc.set(e,a),e.style.height=n+"px",e.style.width=t+"px",e.style.marginLeft=r?-t/2+"px":0,e.style.marginTop=r?-n/2+"px":0)}var ei={passive:!0},Nf={...ei,capture:!0};function nr(e,t,n,r){t.addEventListener(e,n,r?Nf:ei)}function js(e,t,n,r){t.removeEventListener(e,n,ei)}Fr&&Ws();function an(e,t,n,r){let a;n=n||0,r=r||t.length-1;let o=r<=2147483647;for(;r-n>1;)a=o?n+r>>1:Ut((n+r)/2),t[a]<e?n=a:r=a;return e-t[n]<=t[r]-e?n:r}function Jc(e){return(n,r,a)=>{let o=-1,s=-1;for(let i=r;i<=a;i++)if(e(n[i])){o=i;break}for(let i=a;i>=r;i--)if(e(n[i])){s=i;break}return[o,s]}}var Zc=e=>e!=null,Xc=e=>e!=null&&e>0,ao=Jc(Zc),Pf=Jc(Xc);function Rf(e,t,n,r=0,a=!1){let o=a?Pf:ao,s=a?Xc:Zc;[t,n]=o(e,t,n);let i=e[t],l=e[t];if(t>-1)if(r==1)i=e[t],l=e[n];else if(r==-1)i=e[n],l=e[t];else for(let p=t;p<=n;p++){let u=e[p];s(u)&&(u<i?i=u:u>l&&(l=u))}return[i??Te,l??-Te]}function oo(e,t,n,r){let a=Tc(e),o=Tc(t);e==t&&(a==-1?(e*=n,t/=n):(e/=n,t*=n));let s=n==10?_n:eu,i=a==1?Ut:Qt,l=o==1?Qt:Ut,p=i(s(nt(e))),u=l(s(nt(t))),f=Lr(n,p),g=Lr(n,u);return n==10&&(p<0&&(f=Me(f,-p)),u<0&&(g=Me(g,-u))),r||n==2?(e=f*a,t=g*o):(e=au(e,f),t=so(t,g)),[e,t]}function ti(e,t,n,r){let a=oo(e,t,n,r);return e==0&&(a[0]=0),t==0&&(a[1]=0),a}var ni=.1,kc={mode:3,pad:ni},ma={pad:0,soft:null,mode:0},Lf={min:ma,max:ma};function no(e,t,n,r){return io(n)?Sc(e,t,n):(ma.pad=n,ma.soft=r?0:null,ma.mode=r?3:0,Sc(e,t,Lf))}function $e(e,t){return e??t}function Df(e,t,n){for(t=$e(t,0),n=$e(n,e.length-1);t<=n;){if(e[t]!=null)return!0;t++}return!1}function Sc(e,t,n){let r=n.min,a=n.max,o=$e(r.pad,0),s=$e(a.pad,0),i=$e(r.hard,-Te),l=$e(a.hard,Te),p=$e(r.soft,Te),u=$e(a.soft,-Te),f=$e(r.mode,0),g=$e(a.mode,0),m=t-e,y=_n(m),$=yt(nt(e),nt(t)),w=_n($),v=nt(w-y);(m<1e-24||v>10)&&(m=0,(e==0||t==0)&&(m=1e-24,f==2&&p!=Te&&(o=0),g==2&&u!=-Te&&(s=0)));let _=m||$||1e3,T=_n(_),S=Lr(10,Ut(T)),M=_*(m==0?e==0?.1:1:o),E=Me(au(e-M,S/10),24),I=e>=p&&(f==1||f==3&&E<=p||f==2&&E>=p)?p:Te,D=yt(i,E<I&&e>=I?I:on(I,E)),C=_*(m==0?t==0?.1:1:s),R=Me(so(t+C,S/10),24),P=t<=u&&(g==1||g==3&&R>=u||g==2&&R<=u)?u:-Te,j=on(l,R>P&&t<=P?P:yt(P,R));return D==j&&D==0&&(j=100),[D,j]}var Of=new Intl.NumberFormat(Fr?Ef.language:"en-US"),ri=e=>Of.format(e),Ht=Math,eo=Ht.PI,nt=Ht.abs,Ut=Ht.floor,tt=Ht.round,Qt=Ht.ceil,on=Ht.min,yt=Ht.max,Lr=Ht.pow,Tc=Ht.sign,_n=Ht.log10,eu=Ht.log2,If=(e,t=1)=>Ht.sinh(e)*t,Fs=(e,t=1)=>Ht.asinh(e/t),Te=1/0;function Mc(e){return(_n((e^e>>31)-(e>>31))|0)+1}function qs(e,t,n){return on(yt(e,t),n)}function tu(e){return typeof e=="function"}function pe(e){return tu(e)?e:()=>e}var Ff=()=>{},nu=e=>e,ru=(e,t)=>t,zf=e=>null,Ac=e=>!0,Cc=(e,t)=>e==t,Uf=/\.\d*?(?=9{6,}|0{6,})/gm,rr=e=>{if(su(e)||Ln.has(e))return e;let t=`${e}`,n=t.match(Uf);if(n==null)return e;let r=n[0].length-1;if(t.indexOf("e-")!=-1){let[a,o]=t.split("e");return+`${rr(a)}e${o}`}return Me(e,r)};function Xn(e,t){return rr(Me(rr(e/t))*t)}function so(e,t){return rr(Qt(rr(e/t))*t)}function au(e,t){return rr(Ut(rr(e/t))*t)}function Me(e,t=0){if(su(e))return e;let n=10**t,r=e*n*(1+Number.EPSILON);return tt(r)/n}var Ln=new Map;function ou(e){return((""+e).split(".")[1]||"").length}function ga(e,t,n,r){let a=[],o=r.map(ou);for(let s=t;s<n;s++){let i=nt(s),l=Me(Lr(e,s),i);for(let p=0;p<r.length;p++){let u=e==10?+`${r[p]}e${s}`:r[p]*l,f=(s>=0?0:i)+(s>=o[p]?0:o[p]),g=e==10?u:Me(u,f);a.push(g),Ln.set(g,f)}}return a}var ha={},ai=[],Dr=[null,null],Rn=Array.isArray,su=Number.isInteger,Hf=e=>e===void 0;function Ec(e){return typeof e=="string"}function io(e){let t=!1;if(e!=null){let n=e.constructor;t=n==null||n==Object}return t}function Vf(e){return e!=null&&typeof e=="object"}var Wf=Object.getPrototypeOf(Uint8Array),iu="__proto__";function Or(e,t=io){let n;if(Rn(e)){let r=e.find(a=>a!=null);if(Rn(r)||t(r)){n=Array(e.length);for(let a=0;a<e.length;a++)n[a]=Or(e[a],t)}else n=e.slice()}else if(e instanceof Wf)n=e.slice();else if(t(e)){n={};for(let r in e)r!=iu&&(n[r]=Or(e[r],t))}else n=e;return n}function Je(e){let t=arguments;for(let n=1;n<t.length;n++){let r=t[n];for(let a in r)a!=iu&&(io(e[a])?Je(e[a],Or(r[a])):e[a]=Or(r[a]))}return e}var Bf=0,jf=1,qf=2;function Kf(e,t,n){for(let r=0,a,o=-1;r<t.length;r++){let s=t[r];if(s>o){for(a=s-1;a>=0&&e[a]==null;)e[a--]=null;for(a=s+1;a<n&&e[a]==null;)e[o=a++]=null}}}function Gf(e,t){if(Jf(e)){let s=e[0].slice();for(let i=1;i<e.length;i++)s.push(...e[i].slice(1));return Zf(s[0])||(s=Qf(s)),s}let n=new Set;for(let s=0;s<e.length;s++){let l=e[s][0],p=l.length;for(let u=0;u<p;u++)n.add(l[u])}let r=[Array.from(n).sort((s,i)=>s-i)],a=r[0].length,o=new Map;for(let s=0;s<a;s++)o.set(r[0][s],s);for(let s=0;s<e.length;s++){let i=e[s],l=i[0];for(let p=1;p<i.length;p++){let u=i[p],f=Array(a).fill(void 0),g=t?t[s][p]:jf,m=[];for(let y=0;y<u.length;y++){let $=u[y],w=o.get(l[y]);$===null?g!=Bf&&(f[w]=$,g==qf&&m.push(w)):f[w]=$}Kf(f,m,a),r.push(f)}}return r}var Yf=typeof queueMicrotask>"u"?e=>Promise.resolve().then(e):queueMicrotask;function Qf(e){let t=e[0],n=t.length,r=Array(n);for(let o=0;o<r.length;o++)r[o]=o;r.sort((o,s)=>t[o]-t[s]);let a=[];for(let o=0;o<e.length;o++){let s=e[o],i=Array(n);for(let l=0;l<n;l++)i[l]=s[r[l]];a.push(i)}return a}function Jf(e){let t=e[0][0],n=t.length;for(let r=1;r<e.length;r++){let a=e[r][0];if(a.length!=n)return!1;if(a!=t){for(let o=0;o<n;o++)if(a[o]!=t[o])return!1}}return!0}function Zf(e,t=100){let n=e.length;if(n<=1)return!0;let r=0,a=n-1;for(;r<=a&&e[r]==null;)r++;for(;a>=r&&e[a]==null;)a--;if(a<=r)return!0;let o=yt(1,Ut((a-r+1)/t));for(let s=e[r],i=r+o;i<=a;i+=o){let l=e[i];if(l!=null){if(l<=s)return!1;s=l}}return!0}var lu=["January","February","March","April","May","June","July","August","September","October","November","December"],cu=["Sunday","Monday","Tuesday","Wednesday","Thursday","Friday","Saturday"];function uu(e){return e.slice(0,3)}var Xf=cu.map(uu),em=lu.map(uu),tm={MMMM:lu,MMM:em,WWWW:cu,WWW:Xf};function ua(e){return(e<10?"0":"")+e}function nm(e){return(e<10?"00":e<100?"0":"")+e}var rm={YYYY:e=>e.getFullYear(),YY:e=>(e.getFullYear()+"").slice(2),MMMM:(e,t)=>t.MMMM[e.getMonth()],MMM:(e,t)=>t.MMM[e.getMonth()],MM:e=>ua(e.getMonth()+1),M:e=>e.getMonth()+1,DD:e=>ua(e.getDate()),D:e=>e.getDate(),WWWW:(e,t)=>t.WWWW[e.getDay()],WWW:(e,t)=>t.WWW[e.getDay()],HH:e=>ua(e.getHours()),H:e=>e.getHours(),h:e=>{let t=e.getHours();return t==0?12:t>12?t-12:t},AA:e=>e.getHours()>=12?"PM":"AM",aa:e=>e.getHours()>=12?"pm":"am",a:e=>e.getHours()>=12?"p":"a",mm:e=>ua(e.getMinutes()),m:e=>e.getMinutes(),ss:e=>ua(e.getSeconds()),s:e=>e.getSeconds(),fff:e=>nm(e.getMilliseconds())};function oi(e,t){t=t||tm;let n=[],r=/\{([a-z]+)\}|[^{]+/gi,a;for(;a=r.exec(e);)n.push(a[0][0]=="{"?rm[a[1]]:a[0]);return o=>{let s="";for(let i=0;i<n.length;i++)s+=typeof n[i]=="string"?n[i]:n[i](o,t);return s}}var am=new Intl.DateTimeFormat().resolvedOptions().timeZone;function om(e,t){let n;return t=="UTC"||t=="Etc/UTC"?n=new Date(+e+e.getTimezoneOffset()*6e4):t==am?n=e:(n=new Date(e.toLocaleString("en-US",{timeZone:t})),n.setMilliseconds(e.getMilliseconds())),n}var pu=e=>e%1==0,ro=[1,2,2.5,5],sm=ga(10,-32,0,ro),du=ga(10,0,32,ro),im=du.filter(pu),er=sm.concat(du),si=`
`,fu="{YYYY}",Nc=si+fu,mu="{M}/{D}",fa=si+mu,Za=fa+"/{YY}",hu="{aa}",lm="{h}:{mm}",Pr=lm+hu,Pc=si+Pr,Rc=":{ss}",we=null;function gu(e){let t=e*1e3,n=t*60,r=n*60,a=r*24,o=a*30,s=a*365,l=(e==1?ga(10,0,3,ro).filter(pu):ga(10,-3,0,ro)).concat([t,t*5,t*10,t*15,t*30,n,n*5,n*10,n*15,n*30,r,r*2,r*3,r*4,r*6,r*8,r*12,a,a*2,a*3,a*4,a*5,a*6,a*7,a*8,a*9,a*10,a*15,o,o*2,o*3,o*4,o*6,s,s*2,s*5,s*10,s*25,s*50,s*100]),p=[[s,fu,we,we,we,we,we,we,1],[a*28,"{MMM}",Nc,we,we,we,we,we,1],[a,mu,Nc,we,we,we,we,we,1],[r,"{h}"+hu,Za,we,fa,we,we,we,1],[n,Pr,Za,we,fa,we,we,we,1],[t,Rc,Za+" "+Pr,we,fa+" "+Pr,we,Pc,we,1],[e,Rc+".{fff}",Za+" "+Pr,we,fa+" "+Pr,we,Pc,we,1]];function u(f){return(g,m,y,$,w,v)=>{let _=[],T=w>=s,S=w>=o&&w<s,M=f(y),E=Me(M*e,3),I=zs(M.getFullYear(),T?0:M.getMonth(),S||T?1:M.getDate()),D=Me(I*e,3);if(S||T){let C=S?w/o:0,R=T?w/s:0,P=E==D?E:Me(zs(I.getFullYear()+R,I.getMonth()+C,1)*e,3),j=new Date(tt(P/e)),F=j.getFullYear(),te=j.getMonth();for(let Q=0;P<=$;Q++){let fe=zs(F+R*Q,te+C*Q,1),Y=fe-f(Me(fe*e,3));P=Me((+fe+Y)*e,3),P<=$&&_.push(P)}}else{let C=w>=a?a:w,R=Ut(y)-Ut(E),P=D+R+so(E-D,C);_.push(P);let j=f(P),F=j.getHours()+j.getMinutes()/n+j.getSeconds()/r,te=w/r,Q=g.axes[m]._space,fe=v/Q;for(;P=Me(P+w,e==1?0:3),!(P>$);)if(te>1){let Y=Ut(Me(F+te,6))%24,ge=f(P).getHours()-Y;ge>1&&(ge=-1),P-=ge*r,F=(F+te)%24;let ke=_[_.length-1];Me((P-ke)/w,3)*fe>=.7&&_.push(P)}else _.push(P)}return _}}return[l,p,u]}var[cm,um,pm]=gu(1),[dm,fm,mm]=gu(.001);ga(2,-53,53,[1]);function Lc(e,t){return e.map(n=>n.map((r,a)=>a==0||a==8||r==null?r:t(a==1||n[8]==0?r:n[1]+r)))}function Dc(e,t){return(n,r,a,o,s)=>{let i=t.find(y=>s>=y[0])||t[t.length-1],l,p,u,f,g,m;return r.map(y=>{let $=e(y),w=$.getFullYear(),v=$.getMonth(),_=$.getDate(),T=$.getHours(),S=$.getMinutes(),M=$.getSeconds(),E=w!=l&&i[2]||v!=p&&i[3]||_!=u&&i[4]||T!=f&&i[5]||S!=g&&i[6]||M!=m&&i[7]||i[1];return l=w,p=v,u=_,f=T,g=S,m=M,E($)})}}function hm(e,t){let n=oi(t);return(r,a,o,s,i)=>a.map(l=>n(e(l)))}function zs(e,t,n){return new Date(e,t,n)}function Oc(e,t){return t(e)}var gm="{YYYY}-{MM}-{DD} {h}:{mm}{aa}";function Ic(e,t){return(n,r,a,o)=>o==null?Xs:t(e(r))}function vm(e,t){let n=e.series[t];return n.width?n.stroke(e,t):n.points.width?n.points.stroke(e,t):null}function $m(e,t){return e.series[t].fill(e,t)}var bm={show:!0,live:!0,isolate:!1,mount:Ff,markers:{show:!0,width:2,stroke:vm,fill:$m,dash:"solid"},idx:null,idxs:null,values:[]};function _m(e,t){let n=e.cursor.points,r=Yt(),a=n.size(e,t);Oe(r,pa,a),Oe(r,da,a);let o=a/-2;Oe(r,"marginLeft",o),Oe(r,"marginTop",o);let s=n.width(e,t,a);return s&&Oe(r,"borderWidth",s),r}function xm(e,t){let n=e.series[t].points;return n._fill||n._stroke}function ym(e,t){let n=e.series[t].points;return n._stroke||n._fill}function wm(e,t){return e.series[t].points.size}var Us=[0,0];function km(e,t,n){return Us[0]=t,Us[1]=n,Us}function Xa(e,t,n,r=!0){return a=>{a.button==0&&(!r||a.target==t)&&n(a)}}function Hs(e,t,n,r=!0){return a=>{(!r||a.target==t)&&n(a)}}var Sm={show:!0,x:!0,y:!0,lock:!1,move:km,points:{one:!1,show:_m,size:wm,width:0,stroke:ym,fill:xm},bind:{mousedown:Xa,mouseup:Xa,click:Xa,dblclick:Xa,mousemove:Hs,mouseleave:Hs,mouseenter:Hs},drag:{setScale:!0,x:!0,y:!1,dist:0,uni:null,click:(e,t)=>{t.stopPropagation(),t.stopImmediatePropagation()},_x:!1,_y:!1},focus:{dist:(e,t,n,r,a)=>r-a,prox:-1,bias:0},hover:{skip:[void 0],prox:null,bias:0},left:-10,top:-10,idx:null,dataIdx:null,idxs:null,event:null},vu={show:!0,stroke:"rgba(0,0,0,0.07)",width:2},ii=Je({},vu,{filter:ru}),$u=Je({},ii,{size:10}),bu=Je({},vu,{show:!1}),li='12px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Segoe UI Symbol", "Noto Color Emoji"',_u="bold "+li,xu=1.5,Fc={show:!0,scale:"x",stroke:Zs,space:50,gap:5,alignTo:1,size:50,labelGap:0,labelSize:30,labelFont:_u,side:2,grid:ii,ticks:$u,border:bu,font:li,lineGap:xu,rotate:0},Tm="Value",Mm="Time",zc={show:!0,scale:"x",auto:!1,sorted:1,min:Te,max:-Te,idxs:[]};function Am(e,t,n,r,a){return t.map(o=>o==null?"":ri(o))}function Cm(e,t,n,r,a,o,s){let i=[],l=Ln.get(a)||0;n=s?n:Me(so(n,a),l);for(let p=n;p<=r;p=Me(p+a,l))i.push(Object.is(p,-0)?0:p);return i}function Ks(e,t,n,r,a,o,s){let i=[],l=e.scales[e.axes[t].scale].log,p=l==10?_n:eu,u=Ut(p(n));a=Lr(l,u),l==10&&(a=er[an(a,er)]);let f=n,g=a*l;l==10&&(g=er[an(g,er)]);do i.push(f),f=f+a,l==10&&!Ln.has(f)&&(f=Me(f,Ln.get(a))),f>=g&&(a=f,g=a*l,l==10&&(g=er[an(g,er)]));while(f<=r);return i}function Em(e,t,n,r,a,o,s){let l=e.scales[e.axes[t].scale].asinh,p=r>l?Ks(e,t,yt(l,n),r,a):[l],u=r>=0&&n<=0?[0]:[];return(n<-l?Ks(e,t,yt(l,-r),-n,a):[l]).reverse().map(g=>-g).concat(u,p)}var yu=/./,Nm=/[12357]/,Pm=/[125]/,Uc=/1/,Gs=(e,t,n,r)=>e.map((a,o)=>t==4&&a==0||o%r==0&&n.test(a.toExponential()[a<0?1:0])?a:null);function Rm(e,t,n,r,a){let o=e.axes[n],s=o.scale,i=e.scales[s],l=e.valToPos,p=o._space,u=l(10,s),f=l(9,s)-u>=p?yu:l(7,s)-u>=p?Nm:l(5,s)-u>=p?Pm:Uc;if(f==Uc){let g=nt(l(1,s)-u);if(g<p)return Gs(t.slice().reverse(),i.distr,f,Qt(p/g)).reverse()}return Gs(t,i.distr,f,1)}function Lm(e,t,n,r,a){let o=e.axes[n],s=o.scale,i=o._space,l=e.valToPos,p=nt(l(1,s)-l(2,s));return p<i?Gs(t.slice().reverse(),3,yu,Qt(i/p)).reverse():t}function Dm(e,t,n,r){return r==null?Xs:t==null?"":ri(t)}var Hc={show:!0,scale:"y",stroke:Zs,space:30,gap:5,alignTo:1,size:50,labelGap:0,labelSize:30,labelFont:_u,side:3,grid:ii,ticks:$u,border:bu,font:li,lineGap:xu,rotate:0};function Om(e,t){let n=3+(e||1)*2;return Me(n*t,3)}function Im(e,t){let{scale:n,idxs:r}=e.series[0],a=e._data[0],o=e.valToPos(a[r[0]],n,!0),s=e.valToPos(a[r[1]],n,!0),i=nt(s-o),l=e.series[t],p=i/(l.points.space*xe);return r[1]-r[0]<=p}var Vc={scale:null,auto:!0,sorted:0,min:Te,max:-Te},wu=(e,t,n,r,a)=>a,Wc={show:!0,auto:!0,sorted:0,gaps:wu,alpha:1,facets:[Je({},Vc,{scale:"x"}),Je({},Vc,{scale:"y"})]},Bc={scale:"y",auto:!0,sorted:0,show:!0,spanGaps:!1,gaps:wu,alpha:1,points:{show:Im,filter:null},values:null,min:Te,max:-Te,idxs:[],path:null,clip:null};function Fm(e,t,n,r,a){return n/10}var ku={time:!0,auto:!0,distr:1,log:10,asinh:1,min:null,max:null,dir:1,ori:0},zm=Je({},ku,{time:!1,ori:1}),jc={};function Su(e,t){let n=jc[e];return n||(n={key:e,plots:[],sub(r){n.plots.push(r)},unsub(r){n.plots=n.plots.filter(a=>a!=r)},pub(r,a,o,s,i,l,p){for(let u=0;u<n.plots.length;u++)n.plots[u]!=a&&n.plots[u].pub(r,a,o,s,i,l,p)}},e!=null&&(jc[e]=n)),n}var Ir=1,Ys=2;function ar(e,t,n){let r=e.mode,a=e.series[t],o=r==2?e._data[t]:e._data,s=e.scales,i=e.bbox,l=o[0],p=r==2?o[1]:o[t],u=r==2?s[a.facets[0].scale]:s[e.series[0].scale],f=r==2?s[a.facets[1].scale]:s[a.scale],g=i.left,m=i.top,y=i.width,$=i.height,w=e.valToPosH,v=e.valToPosV;return u.ori==0?n(a,l,p,u,f,w,v,g,m,y,$,co,zr,po,Mu,Cu):n(a,l,p,u,f,v,w,m,g,$,y,uo,Ur,pi,Au,Eu)}function ci(e,t){let n=0,r=0,a=$e(e.bands,ai);for(let o=0;o<a.length;o++){let s=a[o];s.series[0]==t?n=s.dir:s.series[1]==t&&(s.dir==1?r|=1:r|=2)}return[n,r==1?-1:r==2?1:r==3?2:0]}function Um(e,t,n,r,a){let o=e.mode,s=e.series[t],i=o==2?s.facets[1].scale:s.scale,l=e.scales[i];return a==-1?l.min:a==1?l.max:l.distr==3?l.dir==1?l.min:l.max:0}function xn(e,t,n,r,a,o){return ar(e,t,(s,i,l,p,u,f,g,m,y,$,w)=>{let v=s.pxRound,_=p.dir*(p.ori==0?1:-1),T=p.ori==0?zr:Ur,S,M;_==1?(S=n,M=r):(S=r,M=n);let E=v(f(i[S],p,$,m)),I=v(g(l[S],u,w,y)),D=v(f(i[M],p,$,m)),C=v(g(o==1?u.max:u.min,u,w,y)),R=new Path2D(a);return T(R,D,C),T(R,E,C),T(R,E,I),R})}function lo(e,t,n,r,a,o){let s=null;if(e.length>0){s=new Path2D;let i=t==0?po:pi,l=n;for(let f=0;f<e.length;f++){let g=e[f];if(g[1]>g[0]){let m=g[0]-l;m>0&&i(s,l,r,m,r+o),l=g[1]}}let p=n+a-l,u=10;p>0&&i(s,l,r-u/2,p,r+o+u)}return s}function Hm(e,t,n){let r=e[e.length-1];r&&r[0]==t?r[1]=n:e.push([t,n])}function ui(e,t,n,r,a,o,s){let i=[],l=e.length;for(let p=a==1?n:r;p>=n&&p<=r;p+=a)if(t[p]===null){let f=p,g=p;if(a==1)for(;++p<=r&&t[p]===null;)g=p;else for(;--p>=n&&t[p]===null;)g=p;let m=o(e[f]),y=g==f?m:o(e[g]),$=f-a;m=s<=0&&$>=0&&$<l?o(e[$]):m;let v=g+a;y=s>=0&&v>=0&&v<l?o(e[v]):y,y>=m&&i.push([m,y])}return i}function qc(e){return e==0?nu:e==1?tt:t=>Xn(t,e)}function Tu(e){let t=e==0?co:uo,n=e==0?(a,o,s,i,l,p)=>{a.arcTo(o,s,i,l,p)}:(a,o,s,i,l,p)=>{a.arcTo(s,o,l,i,p)},r=e==0?(a,o,s,i,l)=>{a.rect(o,s,i,l)}:(a,o,s,i,l)=>{a.rect(s,o,l,i)};return(a,o,s,i,l,p=0,u=0)=>{p==0&&u==0?r(a,o,s,i,l):(p=on(p,i/2,l/2),u=on(u,i/2,l/2),t(a,o+p,s),n(a,o+i,s,o+i,s+l,p),n(a,o+i,s+l,o,s+l,u),n(a,o,s+l,o,s,u),n(a,o,s,o+i,s,p),a.closePath())}}var co=(e,t,n)=>{e.moveTo(t,n)},uo=(e,t,n)=>{e.moveTo(n,t)},zr=(e,t,n)=>{e.lineTo(t,n)},Ur=(e,t,n)=>{e.lineTo(n,t)},po=Tu(0),pi=Tu(1),Mu=(e,t,n,r,a,o)=>{e.arc(t,n,r,a,o)},Au=(e,t,n,r,a,o)=>{e.arc(n,t,r,a,o)},Cu=(e,t,n,r,a,o,s)=>{e.bezierCurveTo(t,n,r,a,o,s)},Eu=(e,t,n,r,a,o,s)=>{e.bezierCurveTo(n,t,a,r,s,o)};function Nu(e){return(t,n,r,a,o)=>ar(t,n,(s,i,l,p,u,f,g,m,y,$,w)=>{let{pxRound:v,points:_}=s,T,S;p.ori==0?(T=co,S=Mu):(T=uo,S=Au);let M=Me(_.width*xe,3),E=(_.size-_.width)/2*xe,I=Me(E*2,3),D=new Path2D,C=new Path2D,{left:R,top:P,width:j,height:F}=t.bbox;po(C,R-I,P-I,j+I*2,F+I*2);let te=Q=>{if(l[Q]!=null){let fe=v(f(i[Q],p,$,m)),Y=v(g(l[Q],u,w,y));T(D,fe+E,Y),S(D,fe,Y,E,0,eo*2)}};if(o)o.forEach(te);else for(let Q=r;Q<=a;Q++)te(Q);return{stroke:M>0?D:null,fill:D,clip:C,flags:Ir|Ys}})}function Pu(e){return(t,n,r,a,o,s)=>{r!=a&&(o!=r&&s!=r&&e(t,n,r),o!=a&&s!=a&&e(t,n,a),e(t,n,s))}}var Vm=Pu(zr),Wm=Pu(Ur);function Ru(e){let t=$e(e?.alignGaps,0);return(n,r,a,o)=>ar(n,r,(s,i,l,p,u,f,g,m,y,$,w)=>{[a,o]=ao(l,a,o);let v=s.pxRound,_=F=>v(f(F,p,$,m)),T=F=>v(g(F,u,w,y)),S,M;p.ori==0?(S=zr,M=Vm):(S=Ur,M=Wm);let E=p.dir*(p.ori==0?1:-1),I={stroke:new Path2D,fill:null,clip:null,band:null,gaps:null,flags:Ir},D=I.stroke,C=!1;if(o-a>=$*4){let F=K=>n.posToVal(K,p.key,!0),te=null,Q=null,fe,Y,Mt,Ie=_(i[E==1?a:o]),ge=_(i[a]),ke=_(i[o]),ie=F(E==1?ge+1:ke-1);for(let K=E==1?a:o;K>=a&&K<=o;K+=E){let Ze=i[K],Fe=(E==1?Ze<ie:Ze>ie)?Ie:_(Ze),ye=l[K];Fe==Ie?ye!=null?(Y=ye,te==null?(S(D,Fe,T(Y)),fe=te=Q=Y):Y<te?te=Y:Y>Q&&(Q=Y)):ye===null&&(C=!0):(te!=null&&M(D,Ie,T(te),T(Q),T(fe),T(Y)),ye!=null?(Y=ye,S(D,Fe,T(Y)),te=Q=fe=Y):(te=Q=null,ye===null&&(C=!0)),Ie=Fe,ie=F(Ie+E))}te!=null&&te!=Q&&Mt!=Ie&&M(D,Ie,T(te),T(Q),T(fe),T(Y))}else for(let F=E==1?a:o;F>=a&&F<=o;F+=E){let te=l[F];te===null?C=!0:te!=null&&S(D,_(i[F]),T(te))}let[P,j]=ci(n,r);if(s.fill!=null||P!=0){let F=I.fill=new Path2D(D),te=s.fillTo(n,r,s.min,s.max,P),Q=T(te),fe=_(i[a]),Y=_(i[o]);E==-1&&([Y,fe]=[fe,Y]),S(F,Y,Q),S(F,fe,Q)}if(!s.spanGaps){let F=[];C&&F.push(...ui(i,l,a,o,E,_,t)),I.gaps=F=s.gaps(n,r,a,o,F),I.clip=lo(F,p.ori,m,y,$,w)}return j!=0&&(I.band=j==2?[xn(n,r,a,o,D,-1),xn(n,r,a,o,D,1)]:xn(n,r,a,o,D,j)),I})}function Bm(e){let t=$e(e.align,1),n=$e(e.ascDesc,!1),r=$e(e.alignGaps,0),a=$e(e.extend,!1);return(o,s,i,l)=>ar(o,s,(p,u,f,g,m,y,$,w,v,_,T)=>{[i,l]=ao(f,i,l);let S=p.pxRound,{left:M,width:E}=o.bbox,I=ge=>S(y(ge,g,_,w)),D=ge=>S($(ge,m,T,v)),C=g.ori==0?zr:Ur,R={stroke:new Path2D,fill:null,clip:null,band:null,gaps:null,flags:Ir},P=R.stroke,j=g.dir*(g.ori==0?1:-1),F=D(f[j==1?i:l]),te=I(u[j==1?i:l]),Q=te,fe=te;a&&t==-1&&(fe=M,C(P,fe,F)),C(P,te,F);for(let ge=j==1?i:l;ge>=i&&ge<=l;ge+=j){let ke=f[ge];if(ke==null)continue;let ie=I(u[ge]),K=D(ke);t==1?C(P,ie,F):C(P,Q,K),C(P,ie,K),F=K,Q=ie}let Y=Q;a&&t==1&&(Y=M+E,C(P,Y,F));let[Mt,Ie]=ci(o,s);if(p.fill!=null||Mt!=0){let ge=R.fill=new Path2D(P),ke=p.fillTo(o,s,p.min,p.max,Mt),ie=D(ke);C(ge,Y,ie),C(ge,fe,ie)}if(!p.spanGaps){let ge=[];ge.push(...ui(u,f,i,l,j,I,r));let ke=p.width*xe/2,ie=n||t==1?ke:-ke,K=n||t==-1?-ke:ke;ge.forEach(Ze=>{Ze[0]+=ie,Ze[1]+=K}),R.gaps=ge=p.gaps(o,s,i,l,ge),R.clip=lo(ge,g.ori,w,v,_,T)}return Ie!=0&&(R.band=Ie==2?[xn(o,s,i,l,P,-1),xn(o,s,i,l,P,1)]:xn(o,s,i,l,P,Ie)),R})}function Kc(e,t,n,r,a,o,s=Te){if(e.length>1){let i=null;for(let l=0,p=1/0;l<e.length;l++)if(t[l]!==void 0){if(i!=null){let u=nt(e[l]-e[i]);u<p&&(p=u,s=nt(n(e[l],r,a,o)-n(e[i],r,a,o)))}i=l}}return s}function jm(e){e=e||ha;let t=$e(e.size,[.6,Te,1]),n=e.align||0,r=e.gap||0,a=e.radius;a=a==null?[0,0]:typeof a=="number"?[a,0]:a;let o=pe(a),s=1-t[0],i=$e(t[1],Te),l=$e(t[2],1),p=$e(e.disp,ha),u=$e(e.each,m=>{}),{fill:f,stroke:g}=p;return(m,y,$,w)=>ar(m,y,(v,_,T,S,M,E,I,D,C,R,P)=>{let j=v.pxRound,F=n,te=r*xe,Q=i*xe,fe=l*xe,Y,Mt;S.ori==0?[Y,Mt]=o(m,y):[Mt,Y]=o(m,y);let Ie=S.dir*(S.ori==0?1:-1),ge=S.ori==0?po:pi,ke=S.ori==0?u:(W,Ce,Xe,dr,Wn,ln,Bn)=>{u(W,Ce,Xe,Wn,dr,Bn,ln)},ie=$e(m.bands,ai).find(W=>W.series[0]==y),K=ie!=null?ie.dir:0,Ze=v.fillTo(m,y,v.min,v.max,K),gt=j(I(Ze,M,P,C)),Fe,ye,Jt,Et=R,He=j(v.width*xe),sn=!1,vn=null,Vt=null,kn=null,cr=null;f!=null&&(He==0||g!=null)&&(sn=!0,vn=f.values(m,y,$,w),Vt=new Map,new Set(vn).forEach(W=>{W!=null&&Vt.set(W,new Path2D)}),He>0&&(kn=g.values(m,y,$,w),cr=new Map,new Set(kn).forEach(W=>{W!=null&&cr.set(W,new Path2D)})));let{x0:ur,size:Kr}=p;if(ur!=null&&Kr!=null){F=1,_=ur.values(m,y,$,w),ur.unit==2&&(_=_.map(Xe=>m.posToVal(D+Xe*R,S.key,!0)));let W=Kr.values(m,y,$,w);Kr.unit==2?ye=W[0]*R:ye=E(W[0],S,R,D)-E(0,S,R,D),Et=Kc(_,T,E,S,R,D,Et),Jt=Et-ye+te}else Et=Kc(_,T,E,S,R,D,Et),Jt=Et*s+te,ye=Et-Jt;Jt<1&&(Jt=0),He>=ye/2&&(He=0),Jt<5&&(j=nu);let Ea=Jt>0,Hn=Et-Jt-(Ea?He:0);ye=j(qs(Hn,fe,Q)),Fe=(F==0?ye/2:F==Ie?0:ye)-F*Ie*((F==0?te/2:0)+(Ea?He/2:0));let vt={stroke:null,fill:null,clip:null,band:null,gaps:null,flags:0},pr=sn?null:new Path2D,$n=null;if(ie!=null)$n=m.data[ie.series[1]];else{let{y0:W,y1:Ce}=p;W!=null&&Ce!=null&&(T=Ce.values(m,y,$,w),$n=W.values(m,y,$,w))}let Vn=Y*ye,ae=Mt*ye;for(let W=Ie==1?$:w;W>=$&&W<=w;W+=Ie){let Ce=T[W];if(Ce==null)continue;if($n!=null){let At=$n[W]??0;if(Ce-At==0)continue;gt=I(At,M,P,C)}let Xe=S.distr!=2||p!=null?_[W]:W,dr=E(Xe,S,R,D),Wn=I($e(Ce,Ze),M,P,C),ln=j(dr-Fe),Bn=j(yt(Wn,gt)),Nt=j(on(Wn,gt)),Wt=Bn-Nt;if(Ce!=null){let At=Ce<0?ae:Vn,Zt=Ce<0?Vn:ae;sn?(He>0&&kn[W]!=null&&ge(cr.get(kn[W]),ln,Nt+Ut(He/2),ye,yt(0,Wt-He),At,Zt),vn[W]!=null&&ge(Vt.get(vn[W]),ln,Nt+Ut(He/2),ye,yt(0,Wt-He),At,Zt)):ge(pr,ln,Nt+Ut(He/2),ye,yt(0,Wt-He),At,Zt),ke(m,y,W,ln-He/2,Nt,ye+He,Wt)}}return He>0?vt.stroke=sn?cr:pr:sn||(vt._fill=v.width==0?v._fill:v._stroke??v._fill,vt.width=0),vt.fill=sn?Vt:pr,vt})}function qm(e,t){let n=$e(t?.alignGaps,0);return(r,a,o,s)=>ar(r,a,(i,l,p,u,f,g,m,y,$,w,v)=>{[o,s]=ao(p,o,s);let _=i.pxRound,T=Y=>_(g(Y,u,w,y)),S=Y=>_(m(Y,f,v,$)),M,E,I;u.ori==0?(M=co,I=zr,E=Cu):(M=uo,I=Ur,E=Eu);let D=u.dir*(u.ori==0?1:-1),C=T(l[D==1?o:s]),R=C,P=[],j=[];for(let Y=D==1?o:s;Y>=o&&Y<=s;Y+=D)if(p[Y]!=null){let Ie=l[Y],ge=T(Ie);P.push(R=ge),j.push(S(p[Y]))}let F={stroke:e(P,j,M,I,E,_),fill:null,clip:null,band:null,gaps:null,flags:Ir},te=F.stroke,[Q,fe]=ci(r,a);if(i.fill!=null||Q!=0){let Y=F.fill=new Path2D(te),Mt=i.fillTo(r,a,i.min,i.max,Q),Ie=S(Mt);I(Y,R,Ie),I(Y,C,Ie)}if(!i.spanGaps){let Y=[];Y.push(...ui(l,p,o,s,D,T,n)),F.gaps=Y=i.gaps(r,a,o,s,Y),F.clip=lo(Y,u.ori,y,$,w,v)}return fe!=0&&(F.band=fe==2?[xn(r,a,o,s,te,-1),xn(r,a,o,s,te,1)]:xn(r,a,o,s,te,fe)),F})}function Km(e){return qm(Gm,e)}function Gm(e,t,n,r,a,o){let s=e.length;if(s<2)return null;let i=new Path2D;if(n(i,e[0],t[0]),s==2)r(i,e[1],t[1]);else{let l=Array(s),p=Array(s-1),u=Array(s-1),f=Array(s-1);for(let g=0;g<s-1;g++)u[g]=t[g+1]-t[g],f[g]=e[g+1]-e[g],p[g]=u[g]/f[g];l[0]=p[0];for(let g=1;g<s-1;g++)p[g]===0||p[g-1]===0||p[g-1]>0!=p[g]>0?l[g]=0:(l[g]=3*(f[g-1]+f[g])/((2*f[g]+f[g-1])/p[g-1]+(f[g]+2*f[g-1])/p[g]),isFinite(l[g])||(l[g]=0));l[s-1]=p[s-2];for(let g=0;g<s-1;g++)a(i,e[g]+f[g]/3,t[g]+l[g]*f[g]/3,e[g+1]-f[g]/3,t[g+1]-l[g+1]*f[g]/3,e[g+1],t[g+1])}return i}var Qs=new Set;function Gc(){for(let e of Qs)e.syncRect(!0)}Fr&&(nr(Af,Rr,Gc),nr(Cf,Rr,Gc,!0),nr(to,Rr,()=>{pt.pxRatio=xe}));var Ym=Ru(),Qm=Nu();function Yc(e,t,n,r){return(r?[e[0],e[1]].concat(e.slice(2)):[e[0]].concat(e.slice(1))).map((o,s)=>Js(o,s,t,n))}function Jm(e,t){return e.map((n,r)=>r==0?{}:Je({},t,n))}function Js(e,t,n,r){return Je({},t==0?n:r,e)}function Lu(e,t,n){return t==null?Dr:[t,n]}var Zm=Lu;function Xm(e,t,n){return t==null?Dr:no(t,n,ni,!0)}function Du(e,t,n,r){return t==null?Dr:oo(t,n,e.scales[r].log,!1)}var eh=Du;function Ou(e,t,n,r){return t==null?Dr:ti(t,n,e.scales[r].log,!1)}var th=Ou;function nh(e,t,n,r,a){let o=yt(Mc(e),Mc(t)),s=t-e,i=an(a/r*s,n);do{let l=n[i],p=r*l/s;if(p>=a&&o+(l<5?Ln.get(l):0)<=17)return[l,p]}while(++i<n.length);return[0,0]}function Qc(e){let t,n;return e=e.replace(/(\d+)px/,(r,a)=>(t=tt((n=+a)*xe))+"px"),[e,t,n]}function rh(e){e.show&&[e.font,e.labelFont].forEach(t=>{let n=Me(t[2]*xe,1);t[0]=t[0].replace(/[0-9.]+px/,n+"px"),t[1]=n})}function pt(e,t,n){let r={mode:$e(e.mode,1)},a=r.mode;function o(d,h,b,x){let k=h.valToPct(d);return x+b*(h.dir==-1?1-k:k)}function s(d,h,b,x){let k=h.valToPct(d);return x+b*(h.dir==-1?k:1-k)}function i(d,h,b,x){return h.ori==0?o(d,h,b,x):s(d,h,b,x)}r.valToPosH=o,r.valToPosV=s;let l=!1;r.status=0;let p=r.root=Yt(uf);if(e.id!=null&&(p.id=e.id),zt(p,e.class),e.title){let d=Yt(ff,p);d.textContent=e.title}let u=rn("canvas"),f=r.ctx=u.getContext("2d"),g=Yt(mf,p);nr("click",g,d=>{d.target===y&&(Re!=wr||ze!=kr)&&mt.click(r,d)},!0);let m=r.under=Yt(hf,g);g.appendChild(u);let y=r.over=Yt(gf,g);e=Or(e);let $=+$e(e.pxAlign,1),w=qc($);(e.plugins||[]).forEach(d=>{d.opts&&(e=d.opts(r,e)||e)});let v=e.ms||.001,_=r.series=a==1?Yc(e.series||[],zc,Bc,!1):Jm(e.series||[null],Wc),T=r.axes=Yc(e.axes||[],Fc,Hc,!0),S=r.scales={},M=r.bands=e.bands||[];M.forEach(d=>{d.fill=pe(d.fill||null),d.dir=$e(d.dir,-1)});let E=a==2?_[1].facets[0].scale:_[0].scale,I={axes:wd,series:$d},D=(e.drawOrder||["axes","series"]).map(d=>I[d]);function C(d){let h=d.distr==3?b=>_n(b>0?b:d.clamp(r,b,d.min,d.max,d.key)):d.distr==4?b=>Fs(b,d.asinh):d.distr==100?b=>d.fwd(b):b=>b;return b=>{let x=h(b),{_min:k,_max:A}=d,N=A-k;return(x-k)/N}}function R(d){let h=S[d];if(h==null){let b=(e.scales||ha)[d]||ha;if(b.from!=null){R(b.from);let x=Je({},S[b.from],b,{key:d});x.valToPct=C(x),S[d]=x}else{h=S[d]=Je({},d==E?ku:zm,b),h.key=d;let x=h.time,k=h.range,A=Rn(k);if((d!=E||a==2&&!x)&&(A&&(k[0]==null||k[1]==null)&&(k={min:k[0]==null?kc:{mode:1,hard:k[0],soft:k[0]},max:k[1]==null?kc:{mode:1,hard:k[1],soft:k[1]}},A=!1),!A&&io(k))){let N=k;k=(L,O,H)=>O==null?Dr:no(O,H,N)}h.range=pe(k||(x?Zm:d==E?h.distr==3?eh:h.distr==4?th:Lu:h.distr==3?Du:h.distr==4?Ou:Xm)),h.auto=pe(A?!1:h.auto),h.clamp=pe(h.clamp||Fm),h._min=h._max=null,h.valToPct=C(h)}}}R("x"),R("y"),a==1&&_.forEach(d=>{R(d.scale)}),T.forEach(d=>{R(d.scale)});for(let d in e.scales)R(d);let P=S[E],j=P.distr,F,te;P.ori==0?(zt(p,pf),F=o,te=s):(zt(p,df),F=s,te=o);let Q={};for(let d in S){let h=S[d];(h.min!=null||h.max!=null)&&(Q[d]={min:h.min,max:h.max},h.min=h.max=null)}let fe=e.tzDate||(d=>new Date(tt(d/v))),Y=e.fmtDate||oi,Mt=v==1?pm(fe):mm(fe),Ie=Dc(fe,Lc(v==1?um:fm,Y)),ge=Ic(fe,Oc(gm,Y)),ke=[],ie=r.legend=Je({},bm,e.legend),K=r.cursor=Je({},Sm,{drag:{y:a==2}},e.cursor),Ze=ie.show,gt=K.show,Fe=ie.markers;ie.idxs=ke,Fe.width=pe(Fe.width),Fe.dash=pe(Fe.dash),Fe.stroke=pe(Fe.stroke),Fe.fill=pe(Fe.fill);let ye,Jt,Et,He=[],sn=[],vn,Vt=!1,kn={};if(ie.live){let d=_[1]?_[1].values:null;Vt=d!=null,vn=Vt?d(r,1,0):{_:0};for(let h in vn)kn[h]=Xs}if(Ze)if(ye=rn("table",yf,p),Et=rn("tbody",null,ye),ie.mount(r,ye),Vt){Jt=rn("thead",null,ye,Et);let d=rn("tr",null,Jt);rn("th",null,d);for(var cr in vn)rn("th",pc,d).textContent=cr}else zt(ye,kf),ie.live&&zt(ye,wf);let ur={show:!0},Kr={show:!1};function Ea(d,h){if(h==0&&(Vt||!ie.live||a==2))return Dr;let b=[],x=rn("tr",Sf,Et,Et.childNodes[h]);zt(x,d.class),d.show||zt(x,tr);let k=rn("th",null,x);if(Fe.show){let L=Yt(Tf,k);if(h>0){let O=Fe.width(r,h);O&&(L.style.border=O+"px "+Fe.dash(r,h)+" "+Fe.stroke(r,h)),L.style.background=Fe.fill(r,h)}}let A=Yt(pc,k);d.label instanceof HTMLElement?A.appendChild(d.label):A.textContent=d.label,h>0&&(Fe.show||(A.style.color=d.width>0?Fe.stroke(r,h):Fe.fill(r,h)),vt("click",k,L=>{if(K._lock)return;qn(L);let O=_.indexOf(d);if((L.ctrlKey||L.metaKey)!=ie.isolate){let H=_.some((V,B)=>B>0&&B!=O&&V.show);_.forEach((V,B)=>{B>0&&un(B,H?B==O?ur:Kr:ur,!0,Ye.setSeries)})}else un(O,{show:!d.show},!0,Ye.setSeries)},!1),mr&&vt(hc,k,L=>{K._lock||(qn(L),un(_.indexOf(d),Tr,!0,Ye.setSeries))},!1));for(var N in vn){let L=rn("td",Mf,x);L.textContent="--",b.push(L)}return[x,b]}let Hn=new Map;function vt(d,h,b,x=!0){let k=Hn.get(h)||{},A=K.bind[d](r,h,b,x);A&&(nr(d,h,k[d]=A),Hn.set(h,k))}function pr(d,h,b){let x=Hn.get(h)||{};for(let k in x)(d==null||k==d)&&(js(k,h,x[k]),delete x[k]);d==null&&Hn.delete(h)}let $n=0,Vn=0,ae=0,W=0,Ce=0,Xe=0,dr=Ce,Wn=Xe,ln=ae,Bn=W,Nt=0,Wt=0,At=0,Zt=0;r.bbox={};let zo=!1,Na=!1,fr=!1,jn=!1,Pa=!1,Bt=!1;function Uo(d,h,b){(b||d!=r.width||h!=r.height)&&Vi(d,h),br(!1),fr=!0,Na=!0,_r()}function Vi(d,h){r.width=$n=ae=d,r.height=Vn=W=h,Ce=Xe=0,pd(),dd();let b=r.bbox;Nt=b.left=Xn(Ce*xe,.5),Wt=b.top=Xn(Xe*xe,.5),At=b.width=Xn(ae*xe,.5),Zt=b.height=Xn(W*xe,.5)}let ld=3;function cd(){let d=!1,h=0;for(;!d;){h++;let b=xd(h),x=yd(h);d=h==ld||b&&x,d||(Vi(r.width,r.height),Na=!0)}}function ud({width:d,height:h}){Uo(d,h)}r.setSize=ud;function pd(){let d=!1,h=!1,b=!1,x=!1;T.forEach((k,A)=>{if(k.show&&k._show){let{side:N,_size:L}=k,O=N%2,H=k.label!=null?k.labelSize:0,V=L+H;V>0&&(O?(ae-=V,N==3?(Ce+=V,x=!0):b=!0):(W-=V,N==0?(Xe+=V,d=!0):h=!0))}}),Kn[0]=d,Kn[1]=b,Kn[2]=h,Kn[3]=x,ae-=Sn[1]+Sn[3],Ce+=Sn[3],W-=Sn[2]+Sn[0],Xe+=Sn[0]}function dd(){let d=Ce+ae,h=Xe+W,b=Ce,x=Xe;function k(A,N){switch(A){case 1:return d+=N,d-N;case 2:return h+=N,h-N;case 3:return b-=N,b+N;case 0:return x-=N,x+N}}T.forEach((A,N)=>{if(A.show&&A._show){let L=A.side;A._pos=k(L,A._size),A.label!=null&&(A._lpos=k(L,A.labelSize))}})}if(K.dataIdx==null){let d=K.hover,h=d.skip=new Set(d.skip??[]);h.add(void 0);let b=d.prox=pe(d.prox),x=d.bias??(d.bias=0);K.dataIdx=(k,A,N,L)=>{if(A==0)return N;let O=N,H=b(k,A,N,L)??Te,V=H>=0&&H<Te,B=P.ori==0?ae:W,ne=K.left,_e=t[0],ve=t[A];if(h.has(ve[N])){O=null;let le=null,Z=null,G;if(x==0||x==-1)for(G=N;le==null&&G-- >0;)h.has(ve[G])||(le=G);if(x==0||x==1)for(G=N;Z==null&&G++<ve.length;)h.has(ve[G])||(Z=G);if(le!=null||Z!=null)if(V){let De=le==null?-1/0:F(_e[le],P,B,0),We=Z==null?1/0:F(_e[Z],P,B,0),lt=ne-De,Se=We-ne;lt<=Se?lt<=H&&(O=le):Se<=H&&(O=Z)}else O=Z==null?le:le==null?Z:N-le<=Z-N?le:Z}else V&&nt(ne-F(_e[N],P,B,0))>H&&(O=null);return O}}let qn=d=>{K.event=d};K.idxs=ke,K._lock=!1;let ht=K.points;ht.show=pe(ht.show),ht.size=pe(ht.size),ht.stroke=pe(ht.stroke),ht.width=pe(ht.width),ht.fill=pe(ht.fill);let cn=r.focus=Je({},e.focus||{alpha:.3},K.focus),mr=cn.prox>=0,hr=mr&&ht.one,jt=[],gr=[],vr=[];function Wi(d,h){let b=ht.show(r,h);if(b instanceof HTMLElement)return zt(b,xf),zt(b,d.class),hn(b,-10,-10,ae,W),y.insertBefore(b,jt[h]),b}function Bi(d,h){if(a==1||h>0){let b=a==1&&S[d.scale].time,x=d.value;d.value=b?Ec(x)?Ic(fe,Oc(x,Y)):x||ge:x||Dm,d.label=d.label||(b?Mm:Tm)}if(hr||h>0){d.width=d.width==null?1:d.width,d.paths=d.paths||Ym||zf,d.fillTo=pe(d.fillTo||Um),d.pxAlign=+$e(d.pxAlign,$),d.pxRound=qc(d.pxAlign),d.stroke=pe(d.stroke||null),d.fill=pe(d.fill||null),d._stroke=d._fill=d._paths=d._focus=null;let b=Om(yt(1,d.width),1),x=d.points=Je({},{size:b,width:yt(1,b*.2),stroke:d.stroke,space:b*2,paths:Qm,_stroke:null,_fill:null},d.points);x.show=pe(x.show),x.filter=pe(x.filter),x.fill=pe(x.fill),x.stroke=pe(x.stroke),x.paths=pe(x.paths),x.pxAlign=d.pxAlign}if(Ze){let b=Ea(d,h);He.splice(h,0,b[0]),sn.splice(h,0,b[1]),ie.values.push(null)}if(gt){ke.splice(h,0,null);let b=null;hr?h==0&&(b=Wi(d,h)):h>0&&(b=Wi(d,h)),jt.splice(h,0,b),gr.splice(h,0,0),vr.splice(h,0,0)}it("addSeries",h)}function fd(d,h){h=h??_.length,d=a==1?Js(d,h,zc,Bc):Js(d,h,{},Wc),_.splice(h,0,d),Bi(_[h],h)}r.addSeries=fd;function md(d){if(_.splice(d,1),Ze){ie.values.splice(d,1),sn.splice(d,1);let h=He.splice(d,1)[0];pr(null,h.firstChild),h.remove()}gt&&(ke.splice(d,1),jt.splice(d,1)[0].remove(),gr.splice(d,1),vr.splice(d,1)),it("delSeries",d)}r.delSeries=md;let Kn=[!1,!1,!1,!1];function hd(d,h){if(d._show=d.show,d.show){let b=d.side%2,x=S[d.scale];x==null&&(d.scale=b?_[1].scale:E,x=S[d.scale]);let k=x.time;d.size=pe(d.size),d.space=pe(d.space),d.rotate=pe(d.rotate),Rn(d.incrs)&&d.incrs.forEach(N=>{!Ln.has(N)&&Ln.set(N,ou(N))}),d.incrs=pe(d.incrs||(x.distr==2?im:k?v==1?cm:dm:er)),d.splits=pe(d.splits||(k&&x.distr==1?Mt:x.distr==3?Ks:x.distr==4?Em:Cm)),d.stroke=pe(d.stroke),d.grid.stroke=pe(d.grid.stroke),d.ticks.stroke=pe(d.ticks.stroke),d.border.stroke=pe(d.border.stroke);let A=d.values;d.values=Rn(A)&&!Rn(A[0])?pe(A):k?Rn(A)?Dc(fe,Lc(A,Y)):Ec(A)?hm(fe,A):A||Ie:A||Am,d.filter=pe(d.filter||(x.distr>=3&&x.log==10?Rm:x.distr==3&&x.log==2?Lm:ru)),d.font=Qc(d.font),d.labelFont=Qc(d.labelFont),d._size=d.size(r,null,h,0),d._space=d._rotate=d._incrs=d._found=d._splits=d._values=null,d._size>0&&(Kn[h]=!0,d._el=Yt(vf,g))}}function Gr(d,h,b,x){let[k,A,N,L]=b,O=h%2,H=0;return O==0&&(L||A)&&(H=h==0&&!k||h==2&&!N?tt(Fc.size/3):0),O==1&&(k||N)&&(H=h==1&&!A||h==3&&!L?tt(Hc.size/2):0),H}let ji=r.padding=(e.padding||[Gr,Gr,Gr,Gr]).map(d=>pe($e(d,Gr))),Sn=r._padding=ji.map((d,h)=>d(r,h,Kn,0)),ft,rt=null,at=null,Ra=a==1?_[0].idxs:null,Xt=null,Yr=!1;function qi(d,h){if(t=d??[],r.data=r._data=t,a==2){ft=0;for(let b=1;b<_.length;b++)ft+=t[b][0].length}else{t.length==0&&(r.data=r._data=t=[[]]),Xt=t[0],ft=Xt.length;let b=t;if(j==2){b=t.slice();let x=b[0]=Array(ft);for(let k=0;k<ft;k++)x[k]=k}r._data=t=b}if(br(!0),it("setData"),j==2&&(fr=!0),h!==!1){let b=P;b.auto(r,Yr)?Ho():Mn(E,b.min,b.max),jn=jn||K.left>=0,Bt=!0,_r()}}r.setData=qi;function Ho(){Yr=!0;let d,h;a==1&&(ft>0?(rt=Ra[0]=0,at=Ra[1]=ft-1,d=t[0][rt],h=t[0][at],j==2?(d=rt,h=at):d==h&&(j==3?[d,h]=oo(d,d,P.log,!1):j==4?[d,h]=ti(d,d,P.log,!1):P.time?h=d+tt(86400/v):[d,h]=no(d,h,ni,!0))):(rt=Ra[0]=d=null,at=Ra[1]=h=null)),Mn(E,d,h)}let La,$r,Vo,Wo,Bo,jo,qo,Ko,Go,Ct;function Ki(d,h,b,x,k,A){d??(d=fc),b??(b=ai),x??(x="butt"),k??(k=fc),A??(A="round"),d!=La&&(f.strokeStyle=La=d),k!=$r&&(f.fillStyle=$r=k),h!=Vo&&(f.lineWidth=Vo=h),A!=Bo&&(f.lineJoin=Bo=A),x!=jo&&(f.lineCap=jo=x),b!=Wo&&f.setLineDash(Wo=b)}function Gi(d,h,b,x){h!=$r&&(f.fillStyle=$r=h),d!=qo&&(f.font=qo=d),b!=Ko&&(f.textAlign=Ko=b),x!=Go&&(f.textBaseline=Go=x)}function Yo(d,h,b,x,k=0){if(x.length>0&&d.auto(r,Yr)&&(h==null||h.min==null)){let A=$e(rt,0),N=$e(at,x.length-1),L=b.min==null?Rf(x,A,N,k,d.distr==3):[b.min,b.max];d.min=on(d.min,b.min=L[0]),d.max=yt(d.max,b.max=L[1])}}let Yi={min:null,max:null};function gd(){for(let x in S){let k=S[x];Q[x]==null&&(k.min==null||Q[E]!=null&&k.auto(r,Yr))&&(Q[x]=Yi)}for(let x in S){let k=S[x];Q[x]==null&&k.from!=null&&Q[k.from]!=null&&(Q[x]=Yi)}Q[E]!=null&&br(!0);let d={};for(let x in Q){let k=Q[x];if(k!=null){let A=d[x]=Or(S[x],Vf);if(k.min!=null)Je(A,k);else if(x!=E||a==2)if(ft==0&&A.from==null){let N=A.range(r,null,null,x);A.min=N[0],A.max=N[1]}else A.min=Te,A.max=-Te}}if(ft>0){_.forEach((x,k)=>{if(a==1){let A=x.scale,N=Q[A];if(N==null)return;let L=d[A];if(k==0){let O=L.range(r,L.min,L.max,A);L.min=O[0],L.max=O[1],rt=an(L.min,t[0]),at=an(L.max,t[0]),at-rt>1&&(t[0][rt]<L.min&&rt++,t[0][at]>L.max&&at--),x.min=Xt[rt],x.max=Xt[at]}else x.show&&x.auto&&Yo(L,N,x,t[k],x.sorted);x.idxs[0]=rt,x.idxs[1]=at}else if(k>0&&x.show&&x.auto){let[A,N]=x.facets,L=A.scale,O=N.scale,[H,V]=t[k],B=d[L],ne=d[O];B!=null&&Yo(B,Q[L],A,H,A.sorted),ne!=null&&Yo(ne,Q[O],N,V,N.sorted),x.min=N.min,x.max=N.max}});for(let x in d){let k=d[x],A=Q[x];if(k.from==null&&(A==null||A.min==null)){let N=k.range(r,k.min==Te?null:k.min,k.max==-Te?null:k.max,x);k.min=N[0],k.max=N[1]}}}for(let x in d){let k=d[x];if(k.from!=null){let A=d[k.from];if(A.min==null)k.min=k.max=null;else{let N=k.range(r,A.min,A.max,x);k.min=N[0],k.max=N[1]}}}let h={},b=!1;for(let x in d){let k=d[x],A=S[x];if(A.min!=k.min||A.max!=k.max){A.min=k.min,A.max=k.max;let N=A.distr;A._min=N==3?_n(A.min):N==4?Fs(A.min,A.asinh):N==100?A.fwd(A.min):A.min,A._max=N==3?_n(A.max):N==4?Fs(A.max,A.asinh):N==100?A.fwd(A.max):A.max,h[x]=b=!0}}if(b){_.forEach((x,k)=>{a==2?k>0&&h.y&&(x._paths=null):h[x.scale]&&(x._paths=null)});for(let x in h)fr=!0,it("setScale",x);gt&&K.left>=0&&(jn=Bt=!0)}for(let x in Q)Q[x]=null}function vd(d){let h=qs(rt-1,0,ft-1),b=qs(at+1,0,ft-1);for(;d[h]==null&&h>0;)h--;for(;d[b]==null&&b<ft-1;)b++;return[h,b]}function $d(){if(ft>0){let d=_.some(h=>h._focus)&&Ct!=cn.alpha;d&&(f.globalAlpha=Ct=cn.alpha),_.forEach((h,b)=>{if(b>0&&h.show&&(Qi(b,!1),Qi(b,!0),h._paths==null)){let x=Ct;Ct!=h.alpha&&(f.globalAlpha=Ct=h.alpha);let k=a==2?[0,t[b][0].length-1]:vd(t[b]);h._paths=h.paths(r,b,k[0],k[1]),Ct!=x&&(f.globalAlpha=Ct=x)}}),_.forEach((h,b)=>{if(b>0&&h.show){let x=Ct;Ct!=h.alpha&&(f.globalAlpha=Ct=h.alpha),h._paths!=null&&Ji(b,!1);{let k=h._paths!=null?h._paths.gaps:null,A=h.points.show(r,b,rt,at,k),N=h.points.filter(r,b,A,k);(A||N)&&(h.points._paths=h.points.paths(r,b,rt,at,N),Ji(b,!0))}Ct!=x&&(f.globalAlpha=Ct=x),it("drawSeries",b)}}),d&&(f.globalAlpha=Ct=1)}}function Qi(d,h){let b=h?_[d].points:_[d];b._stroke=b.stroke(r,d),b._fill=b.fill(r,d)}function Ji(d,h){let b=h?_[d].points:_[d],{stroke:x,fill:k,clip:A,flags:N,_stroke:L=b._stroke,_fill:O=b._fill,_width:H=b.width}=b._paths;H=Me(H*xe,3);let V=null,B=H%2/2;h&&O==null&&(O=H>0?"#fff":L);let ne=b.pxAlign==1&&B>0;if(ne&&f.translate(B,B),!h){let _e=Nt-H/2,ve=Wt-H/2,le=At+H,Z=Zt+H;V=new Path2D,V.rect(_e,ve,le,Z)}h?Qo(L,H,b.dash,b.cap,O,x,k,N,A):bd(d,L,H,b.dash,b.cap,O,x,k,N,V,A),ne&&f.translate(-B,-B)}function bd(d,h,b,x,k,A,N,L,O,H,V){let B=!1;O!=0&&M.forEach((ne,_e)=>{if(ne.series[0]==d){let ve=_[ne.series[1]],le=t[ne.series[1]],Z=(ve._paths||ha).band;Rn(Z)&&(Z=ne.dir==1?Z[0]:Z[1]);let G,De=null;ve.show&&Z&&Df(le,rt,at)?(De=ne.fill(r,_e)||A,G=ve._paths.clip):Z=null,Qo(h,b,x,k,De,N,L,O,H,V,G,Z),B=!0}}),B||Qo(h,b,x,k,A,N,L,O,H,V)}let Zi=Ir|Ys;function Qo(d,h,b,x,k,A,N,L,O,H,V,B){Ki(d,h,b,x,k),(O||H||B)&&(f.save(),O&&f.clip(O),H&&f.clip(H)),B?(L&Zi)==Zi?(f.clip(B),V&&f.clip(V),Oa(k,N),Da(d,A,h)):L&Ys?(Oa(k,N),f.clip(B),Da(d,A,h)):L&Ir&&(f.save(),f.clip(B),V&&f.clip(V),Oa(k,N),f.restore(),Da(d,A,h)):(Oa(k,N),Da(d,A,h)),(O||H||B)&&f.restore()}function Da(d,h,b){b>0&&(h instanceof Map?h.forEach((x,k)=>{f.strokeStyle=La=k,f.stroke(x)}):h!=null&&d&&f.stroke(h))}function Oa(d,h){h instanceof Map?h.forEach((b,x)=>{f.fillStyle=$r=x,f.fill(b)}):h!=null&&d&&f.fill(h)}function _d(d,h,b,x){let k=T[d],A;if(x<=0)A=[0,0];else{let N=k._space=k.space(r,d,h,b,x),L=k._incrs=k.incrs(r,d,h,b,x,N);A=nh(h,b,L,x,N)}return k._found=A}function Jo(d,h,b,x,k,A,N,L,O,H){let V=N%2/2;$==1&&f.translate(V,V),Ki(L,N,O,H,L),f.beginPath();let B,ne,_e,ve,le=k+(x==0||x==3?-A:A);b==0?(ne=k,ve=le):(B=k,_e=le);for(let Z=0;Z<d.length;Z++)h[Z]!=null&&(b==0?B=_e=d[Z]:ne=ve=d[Z],f.moveTo(B,ne),f.lineTo(_e,ve));f.stroke(),$==1&&f.translate(-V,-V)}function xd(d){let h=!0;return T.forEach((b,x)=>{if(!b.show)return;let k=S[b.scale];if(k.min==null){b._show&&(h=!1,b._show=!1,br(!1));return}else b._show||(h=!1,b._show=!0,br(!1));let A=b.side,N=A%2,{min:L,max:O}=k,[H,V]=_d(x,L,O,N==0?ae:W);if(V==0)return;let B=k.distr==2,ne=b._splits=b.splits(r,x,L,O,H,V,B),_e=k.distr==2?ne.map(G=>Xt[G]):ne,ve=k.distr==2?Xt[ne[1]]-Xt[ne[0]]:H,le=b._values=b.values(r,b.filter(r,_e,x,V,ve),x,V,ve);b._rotate=A==2?b.rotate(r,le,x,V):0;let Z=b._size;b._size=Qt(b.size(r,le,x,d)),Z!=null&&b._size!=Z&&(h=!1)}),h}function yd(d){let h=!0;return ji.forEach((b,x)=>{let k=b(r,x,Kn,d);k!=Sn[x]&&(h=!1),Sn[x]=k}),h}function wd(){for(let d=0;d<T.length;d++){let h=T[d];if(!h.show||!h._show)continue;let b=h.side,x=b%2,k,A,N=h.stroke(r,d),L=b==0||b==3?-1:1,[O,H]=h._found;if(h.label!=null){let bt=h.labelGap*L,Lt=tt((h._lpos+bt)*xe);Gi(h.labelFont[0],N,"center",b==2?"top":dc),f.save(),x==1?(k=A=0,f.translate(Lt,tt(Wt+Zt/2)),f.rotate((b==3?-eo:eo)/2)):(k=tt(Nt+At/2),A=Lt);let Qn=tu(h.label)?h.label(r,d,O,H):h.label;f.fillText(Qn,k,A),f.restore()}if(H==0)continue;let V=S[h.scale],B=x==0?At:Zt,ne=x==0?Nt:Wt,_e=h._splits,ve=V.distr==2?_e.map(bt=>Xt[bt]):_e,le=V.distr==2?Xt[_e[1]]-Xt[_e[0]]:O,Z=h.ticks,G=h.border,De=Z.show?Z.size:0,We=tt(De*xe),lt=tt((h.alignTo==2?h._size-De-h.gap:h.gap)*xe),Se=h._rotate*-eo/180,Be=w(h._pos*xe),Pt=(We+lt)*L,$t=Be+Pt;A=x==0?$t:0,k=x==1?$t:0;let qt=h.font[0],en=h.align==1?Nr:h.align==2?Ds:Se>0?Nr:Se<0?Ds:x==0?"center":b==3?Ds:Nr,dn=Se||x==1?"middle":b==2?"top":dc;Gi(qt,N,en,dn);let Rt=h.font[1]*h.lineGap,Kt=_e.map(bt=>w(i(bt,V,B,ne))),tn=h._values;for(let bt=0;bt<tn.length;bt++){let Lt=tn[bt];if(Lt!=null){x==0?k=Kt[bt]:A=Kt[bt],Lt=""+Lt;let Qn=Lt.indexOf(`
`)==-1?[Lt]:Lt.split(/\n/gm);for(let _t=0;_t<Qn.length;_t++){let vl=Qn[_t];Se?(f.save(),f.translate(k,A+_t*Rt),f.rotate(Se),f.fillText(vl,0,0),f.restore()):f.fillText(vl,k,A+_t*Rt)}}}Z.show&&Jo(Kt,Z.filter(r,ve,d,H,le),x,b,Be,We,Me(Z.width*xe,3),Z.stroke(r,d),Z.dash,Z.cap);let fn=h.grid;fn.show&&Jo(Kt,fn.filter(r,ve,d,H,le),x,x==0?2:1,x==0?Wt:Nt,x==0?Zt:At,Me(fn.width*xe,3),fn.stroke(r,d),fn.dash,fn.cap),G.show&&Jo([Be],[1],x==0?1:0,x==0?1:2,x==1?Wt:Nt,x==1?Zt:At,Me(G.width*xe,3),G.stroke(r,d),G.dash,G.cap)}it("drawAxes")}function br(d){_.forEach((h,b)=>{b>0&&(h._paths=null,d&&(a==1?(h.min=null,h.max=null):h.facets.forEach(x=>{x.min=null,x.max=null})))})}let Ia=!1,Zo=!1,Qr=[];function kd(){Zo=!1;for(let d=0;d<Qr.length;d++)it(...Qr[d]);Qr.length=0}function _r(){Ia||(Yf(Xi),Ia=!0)}function Sd(d,h=!1){Ia=!0,Zo=h,d(r),Xi(),h&&Qr.length>0&&queueMicrotask(kd)}r.batch=Sd;function Xi(){if(zo&&(gd(),zo=!1),fr&&(cd(),fr=!1),Na){if(Oe(m,Nr,Ce),Oe(m,"top",Xe),Oe(m,pa,ae),Oe(m,da,W),Oe(y,Nr,Ce),Oe(y,"top",Xe),Oe(y,pa,ae),Oe(y,da,W),Oe(g,pa,$n),Oe(g,da,Vn),u.width=tt($n*xe),u.height=tt(Vn*xe),T.forEach(({_el:d,_show:h,_size:b,_pos:x,side:k})=>{if(d!=null)if(h){let A=k===3||k===0?b:0,N=k%2==1;Oe(d,N?"left":"top",x-A),Oe(d,N?"width":"height",b),Oe(d,N?"top":"left",N?Xe:Ce),Oe(d,N?"height":"width",N?W:ae),Bs(d,tr)}else zt(d,tr)}),La=$r=Vo=Bo=jo=qo=Ko=Go=Wo=null,Ct=1,Xr(!0),Ce!=dr||Xe!=Wn||ae!=ln||W!=Bn){br(!1);let d=ae/ln,h=W/Bn;if(gt&&!jn&&K.left>=0){K.left*=d,K.top*=h,xr&&hn(xr,tt(K.left),0,ae,W),yr&&hn(yr,0,tt(K.top),ae,W);for(let b=0;b<jt.length;b++){let x=jt[b];x!=null&&(gr[b]*=d,vr[b]*=h,hn(x,Qt(gr[b]),Qt(vr[b]),ae,W))}}if(Le.show&&!Pa&&Le.left>=0&&Le.width>0){Le.left*=d,Le.width*=d,Le.top*=h,Le.height*=h;for(let b in as)Oe(Sr,b,Le[b])}dr=Ce,Wn=Xe,ln=ae,Bn=W}it("setSize"),Na=!1}$n>0&&Vn>0&&(f.clearRect(0,0,u.width,u.height),it("drawClear"),D.forEach(d=>d()),it("draw")),Le.show&&Pa&&(Fa(Le),Pa=!1),gt&&jn&&(Yn(null,!0,!1),jn=!1),ie.show&&ie.live&&Bt&&(ns(),Bt=!1),l||(l=!0,r.status=1,it("ready")),Yr=!1,Ia=!1}r.redraw=(d,h)=>{fr=h||!1,d!==!1?Mn(E,P.min,P.max):_r()};function Xo(d,h){let b=S[d];if(b.from==null){if(ft==0){let x=b.range(r,h.min,h.max,d);h.min=x[0],h.max=x[1]}if(h.min>h.max){let x=h.min;h.min=h.max,h.max=x}if(ft>1&&h.min!=null&&h.max!=null&&h.max-h.min<1e-16)return;d==E&&b.distr==2&&ft>0&&(h.min=an(h.min,t[0]),h.max=an(h.max,t[0]),h.min==h.max&&h.max++),Q[d]=h,zo=!0,_r()}}r.setScale=Xo;let es,ts,xr,yr,el,tl,wr,kr,nl,rl,Re,ze,Tn=!1,mt=K.drag,ot=mt.x,st=mt.y;gt&&(K.x&&(es=Yt(bf,y)),K.y&&(ts=Yt(_f,y)),P.ori==0?(xr=es,yr=ts):(xr=ts,yr=es),Re=K.left,ze=K.top);let Le=r.select=Je({show:!0,over:!0,left:0,width:0,top:0,height:0},e.select),Sr=Le.show?Yt($f,Le.over?y:m):null;function Fa(d,h){if(Le.show){for(let b in d)Le[b]=d[b],b in as&&Oe(Sr,b,d[b]);h!==!1&&it("setSelect")}}r.setSelect=Fa;function Td(d){if(_[d].show)Ze&&Bs(He[d],tr);else if(Ze&&zt(He[d],tr),gt){let b=hr?jt[0]:jt[d];b!=null&&hn(b,-10,-10,ae,W)}}function Mn(d,h,b){Xo(d,{min:h,max:b})}function un(d,h,b,x){h.focus!=null&&Nd(d),h.show!=null&&_.forEach((k,A)=>{A>0&&(d==A||d==null)&&(k.show=h.show,Td(A),a==2?(Mn(k.facets[0].scale,null,null),Mn(k.facets[1].scale,null,null)):Mn(k.scale,null,null),_r())}),b!==!1&&it("setSeries",d,h),x&&ea("setSeries",r,d,h)}r.setSeries=un;function Md(d,h){Je(M[d],h)}function Ad(d,h){d.fill=pe(d.fill||null),d.dir=$e(d.dir,-1),h=h??M.length,M.splice(h,0,d)}function Cd(d){d==null?M.length=0:M.splice(d,1)}r.addBand=Ad,r.setBand=Md,r.delBand=Cd;function Ed(d,h){_[d].alpha=h,gt&&jt[d]!=null&&(jt[d].style.opacity=h),Ze&&He[d]&&(He[d].style.opacity=h)}let bn,An,Gn,Tr={focus:!0};function Nd(d){if(d!=Gn){let h=d==null,b=cn.alpha!=1;_.forEach((x,k)=>{if(a==1||k>0){let A=h||k==0||k==d;x._focus=h?null:A,b&&Ed(k,A?1:cn.alpha)}}),Gn=d,b&&_r()}}Ze&&mr&&vt(gc,ye,d=>{K._lock||(qn(d),Gn!=null&&un(null,Tr,!0,Ye.setSeries))});function pn(d,h,b){let x=S[h];b&&(d=d/xe-(x.ori==1?Xe:Ce));let k=ae;x.ori==1&&(k=W,d=k-d),x.dir==-1&&(d=k-d);let A=x._min,N=x._max,L=d/k,O=A+(N-A)*L,H=x.distr;return H==3?Lr(10,O):H==4?If(O,x.asinh):H==100?x.bwd(O):O}function Pd(d,h){let b=pn(d,E,h);return an(b,t[0],rt,at)}r.valToIdx=d=>an(d,t[0]),r.posToIdx=Pd,r.posToVal=pn,r.valToPos=(d,h,b)=>S[h].ori==0?o(d,S[h],b?At:ae,b?Nt:0):s(d,S[h],b?Zt:W,b?Wt:0),r.setCursor=(d,h,b)=>{Re=d.left,ze=d.top,Yn(null,h,b)};function al(d,h){Oe(Sr,Nr,Le.left=d),Oe(Sr,pa,Le.width=h)}function ol(d,h){Oe(Sr,"top",Le.top=d),Oe(Sr,da,Le.height=h)}let Jr=P.ori==0?al:ol,Zr=P.ori==1?al:ol;function Rd(){if(Ze&&ie.live)for(let d=a==2?1:0;d<_.length;d++){if(d==0&&Vt)continue;let h=ie.values[d],b=0;for(let x in h)sn[d][b++].firstChild.nodeValue=h[x]}}function ns(d,h){if(d!=null&&(d.idxs?d.idxs.forEach((b,x)=>{ke[x]=b}):Hf(d.idx)||ke.fill(d.idx),ie.idx=ke[0]),Ze&&ie.live){for(let b=0;b<_.length;b++)(b>0||a==1&&!Vt)&&Ld(b,ke[b]);Rd()}Bt=!1,h!==!1&&it("setLegend")}r.setLegend=ns;function Ld(d,h){let b=_[d],x=d==0&&j==2?Xt:t[d],k;Vt?k=b.values(r,d,h)??kn:(k=b.value(r,h==null?null:x[h],d,h),k=k==null?kn:{_:k}),ie.values[d]=k}function Yn(d,h,b){nl=Re,rl=ze,[Re,ze]=K.move(r,Re,ze),K.left=Re,K.top=ze,gt&&(xr&&hn(xr,tt(Re),0,ae,W),yr&&hn(yr,0,tt(ze),ae,W));let x,k=rt>at;bn=Te,An=null;let A=P.ori==0?ae:W,N=P.ori==1?ae:W;if(Re<0||ft==0||k){x=K.idx=null;for(let L=0;L<_.length;L++){let O=jt[L];O!=null&&hn(O,-10,-10,ae,W)}mr&&un(null,Tr,!0,d==null&&Ye.setSeries),ie.live&&(ke.fill(x),Bt=!0)}else{let L,O,H;a==1&&(L=P.ori==0?Re:ze,O=pn(L,E),x=K.idx=an(O,t[0],rt,at),H=F(t[0][x],P,A,0));let V=-10,B=-10,ne=0,_e=0,ve=!0,le="",Z="";for(let G=a==2?1:0;G<_.length;G++){let De=_[G],We=ke[G],lt=We==null?null:a==1?t[G][We]:t[G][1][We],Se=K.dataIdx(r,G,x,O),Be=Se==null?null:a==1?t[G][Se]:t[G][1][Se];if(Bt=Bt||Be!=lt||Se!=We,ke[G]=Se,G>0&&De.show){let Pt=Se==null?-10:Se==x?H:F(a==1?t[0][Se]:t[G][0][Se],P,A,0),$t=Be==null?-10:te(Be,a==1?S[De.scale]:S[De.facets[1].scale],N,0);if(mr&&Be!=null){let qt=P.ori==1?Re:ze,en=nt(cn.dist(r,G,Se,$t,qt));if(en<bn){let dn=cn.bias;if(dn!=0){let Rt=pn(qt,De.scale),Kt=Be>=0?1:-1,tn=Rt>=0?1:-1;tn==Kt&&(tn==1?dn==1?Be>=Rt:Be<=Rt:dn==1?Be<=Rt:Be>=Rt)&&(bn=en,An=G)}else bn=en,An=G}}if(Bt||hr){let qt,en;P.ori==0?(qt=Pt,en=$t):(qt=$t,en=Pt);let dn,Rt,Kt,tn,fn,bt,Lt=!0,Qn=ht.bbox;if(Qn!=null){Lt=!1;let _t=Qn(r,G);Kt=_t.left,tn=_t.top,dn=_t.width,Rt=_t.height}else Kt=qt,tn=en,dn=Rt=ht.size(r,G);if(bt=ht.fill(r,G),fn=ht.stroke(r,G),hr)G==An&&bn<=cn.prox&&(V=Kt,B=tn,ne=dn,_e=Rt,ve=Lt,le=bt,Z=fn);else{let _t=jt[G];_t!=null&&(gr[G]=Kt,vr[G]=tn,wc(_t,dn,Rt,Lt),xc(_t,bt,fn),hn(_t,Qt(Kt),Qt(tn),ae,W))}}}}if(hr){let G=cn.prox,De=Gn==null?bn<=G:bn>G||An!=Gn;if(Bt||De){let We=jt[0];We!=null&&(gr[0]=V,vr[0]=B,wc(We,ne,_e,ve),xc(We,le,Z),hn(We,Qt(V),Qt(B),ae,W))}}}if(Le.show&&Tn)if(d!=null){let[L,O]=Ye.scales,[H,V]=Ye.match,[B,ne]=d.cursor.sync.scales,_e=d.cursor.drag;if(ot=_e._x,st=_e._y,ot||st){let{left:ve,top:le,width:Z,height:G}=d.select,De=d.scales[B].ori,We=d.posToVal,lt,Se,Be,Pt,$t,qt=L!=null&&H(L,B),en=O!=null&&V(O,ne);qt&&ot?(De==0?(lt=ve,Se=Z):(lt=le,Se=G),Be=S[L],Pt=F(We(lt,B),Be,A,0),$t=F(We(lt+Se,B),Be,A,0),Jr(on(Pt,$t),nt($t-Pt))):Jr(0,A),en&&st?(De==1?(lt=ve,Se=Z):(lt=le,Se=G),Be=S[O],Pt=te(We(lt,ne),Be,N,0),$t=te(We(lt+Se,ne),Be,N,0),Zr(on(Pt,$t),nt($t-Pt))):Zr(0,N)}else os()}else{let L=nt(nl-el),O=nt(rl-tl);if(P.ori==1){let ne=L;L=O,O=ne}ot=mt.x&&L>=mt.dist,st=mt.y&&O>=mt.dist;let H=mt.uni;H!=null?ot&&st&&(ot=L>=H,st=O>=H,!ot&&!st&&(O>L?st=!0:ot=!0)):mt.x&&mt.y&&(ot||st)&&(ot=st=!0);let V,B;ot&&(P.ori==0?(V=wr,B=Re):(V=kr,B=ze),Jr(on(V,B),nt(B-V)),st||Zr(0,N)),st&&(P.ori==1?(V=wr,B=Re):(V=kr,B=ze),Zr(on(V,B),nt(B-V)),ot||Jr(0,A)),!ot&&!st&&(Jr(0,0),Zr(0,0))}if(mt._x=ot,mt._y=st,d==null){if(b){if(gl!=null){let[L,O]=Ye.scales;Ye.values[0]=L!=null?pn(P.ori==0?Re:ze,L):null,Ye.values[1]=O!=null?pn(P.ori==1?Re:ze,O):null}ea(Os,r,Re,ze,ae,W,x)}if(mr){let L=b&&Ye.setSeries,O=cn.prox;Gn==null?bn<=O&&un(An,Tr,!0,L):bn>O?un(null,Tr,!0,L):An!=Gn&&un(An,Tr,!0,L)}}Bt&&(ie.idx=x,ns()),h!==!1&&it("setCursor")}let Cn=null;Object.defineProperty(r,"rect",{get(){return Cn==null&&Xr(!1),Cn}});function Xr(d=!1){d?Cn=null:(Cn=y.getBoundingClientRect(),it("syncRect",Cn))}function sl(d,h,b,x,k,A,N){K._lock||Tn&&d!=null&&d.movementX==0&&d.movementY==0||(rs(d,h,b,x,k,A,N,!1,d!=null),d!=null?Yn(null,!0,!0):Yn(h,!0,!1))}function rs(d,h,b,x,k,A,N,L,O){if(Cn==null&&Xr(!1),qn(d),d!=null)b=d.clientX-Cn.left,x=d.clientY-Cn.top;else{if(b<0||x<0){Re=-10,ze=-10;return}let[H,V]=Ye.scales,B=h.cursor.sync,[ne,_e]=B.values,[ve,le]=B.scales,[Z,G]=Ye.match,De=h.axes[0].side%2==1,We=P.ori==0?ae:W,lt=P.ori==1?ae:W,Se=De?A:k,Be=De?k:A,Pt=De?x:b,$t=De?b:x;if(ve!=null?b=Z(H,ve)?i(ne,S[H],We,0):-10:b=We*(Pt/Se),le!=null?x=G(V,le)?i(_e,S[V],lt,0):-10:x=lt*($t/Be),P.ori==1){let qt=b;b=x,x=qt}}O&&(h==null||h.cursor.event.type==Os)&&((b<=1||b>=ae-1)&&(b=Xn(b,ae)),(x<=1||x>=W-1)&&(x=Xn(x,W))),L?(el=b,tl=x,[wr,kr]=K.move(r,b,x)):(Re=b,ze=x)}let as={width:0,height:0,left:0,top:0};function os(){Fa(as,!1)}let il,ll,cl,ul;function pl(d,h,b,x,k,A,N){Tn=!0,ot=st=mt._x=mt._y=!1,rs(d,h,b,x,k,A,N,!0,!1),d!=null&&(vt(Is,Vs,dl,!1),ea(mc,r,wr,kr,ae,W,null));let{left:L,top:O,width:H,height:V}=Le;il=L,ll=O,cl=H,ul=V}function dl(d,h,b,x,k,A,N){Tn=mt._x=mt._y=!1,rs(d,h,b,x,k,A,N,!1,!0);let{left:L,top:O,width:H,height:V}=Le,B=H>0||V>0,ne=il!=L||ll!=O||cl!=H||ul!=V;if(B&&ne&&Fa(Le),mt.setScale&&B&&ne){let _e=L,ve=H,le=O,Z=V;if(P.ori==1&&(_e=O,ve=V,le=L,Z=H),ot&&Mn(E,pn(_e,E),pn(_e+ve,E)),st)for(let G in S){let De=S[G];G!=E&&De.from==null&&De.min!=Te&&Mn(G,pn(le+Z,G),pn(le,G))}os()}else K.lock&&(K._lock=!K._lock,Yn(h,!0,d!=null));d!=null&&(pr(Is,Vs),ea(Is,r,Re,ze,ae,W,null))}function Dd(d,h,b,x,k,A,N){if(K._lock)return;qn(d);let L=Tn;if(Tn){let O=!0,H=!0,V=10,B,ne;P.ori==0?(B=ot,ne=st):(B=st,ne=ot),B&&ne&&(O=Re<=V||Re>=ae-V,H=ze<=V||ze>=W-V),B&&O&&(Re=Re<wr?0:ae),ne&&H&&(ze=ze<kr?0:W),Yn(null,!0,!0),Tn=!1}Re=-10,ze=-10,ke.fill(null),Yn(null,!0,!0),L&&(Tn=L)}function fl(d,h,b,x,k,A,N){K._lock||(qn(d),Ho(),os(),d!=null&&ea(vc,r,Re,ze,ae,W,null))}function ml(){T.forEach(rh),Uo(r.width,r.height,!0)}nr(to,Rr,ml);let Mr={};Mr.mousedown=pl,Mr.mousemove=sl,Mr.mouseup=dl,Mr.dblclick=fl,Mr.setSeries=(d,h,b,x)=>{let k=Ye.match[2];b=k(r,h,b),b!=-1&&un(b,x,!0,!1)},gt&&(vt(mc,y,pl),vt(Os,y,sl),vt(hc,y,d=>{qn(d),Xr(!1)}),vt(gc,y,Dd),vt(vc,y,fl),Qs.add(r),r.syncRect=Xr);let za=r.hooks=e.hooks||{};function it(d,h,b){Zo?Qr.push([d,h,b]):d in za&&za[d].forEach(x=>{x.call(null,r,h,b)})}(e.plugins||[]).forEach(d=>{for(let h in d.hooks)za[h]=(za[h]||[]).concat(d.hooks[h])});let hl=(d,h,b)=>b,Ye=Je({key:null,setSeries:!1,filters:{pub:Ac,sub:Ac},scales:[E,_[1]?_[1].scale:null],match:[Cc,Cc,hl],values:[null,null]},K.sync);Ye.match.length==2&&Ye.match.push(hl),K.sync=Ye;let gl=Ye.key,ss=Su(gl);function ea(d,h,b,x,k,A,N){Ye.filters.pub(d,h,b,x,k,A,N)&&ss.pub(d,h,b,x,k,A,N)}ss.sub(r);function Od(d,h,b,x,k,A,N){Ye.filters.sub(d,h,b,x,k,A,N)&&Mr[d](null,h,b,x,k,A,N)}r.pub=Od;function Id(){ss.unsub(r),Qs.delete(r),Hn.clear(),js(to,Rr,ml),p.remove(),ye?.remove(),it("destroy")}r.destroy=Id;function is(){it("init",e,t),qi(t||e.data,!1),Q[E]?Xo(E,Q[E]):Ho(),Pa=Le.show&&(Le.width>0||Le.height>0),jn=Bt=!0,Uo(e.width,e.height)}return _.forEach(Bi),T.forEach(hd),n?n instanceof HTMLElement?(n.appendChild(p),is()):n(r,is):is(),r}pt.assign=Je;pt.fmtNum=ri;pt.rangeNum=no;pt.rangeLog=oo;pt.rangeAsinh=ti;pt.orient=ar;pt.pxRatio=xe;pt.join=Gf;pt.fmtDate=oi,pt.tzDate=om;pt.sync=Su;{pt.addGap=Hm,pt.clipGaps=lo;let e=pt.paths={points:Nu};e.linear=Ru,e.stepped=Bm,e.bars=jm,e.spline=Km}var fo=e=>getComputedStyle(document.documentElement).getPropertyValue(e).trim(),ah=e=>fo(`--chart-${e%8+1}`)||"#4fb3ff",di=(e,t)=>e?e.startsWith("--")?fo(e):e:ah(t),Iu="ophion:theme";function Fu(e,t,n,r,a){let o=Ve(null),s=Ve(0),i=()=>{o.current&&o.current.destroy();let l=e.current;l&&(o.current=new pt({...n(),width:Math.max(l.clientWidth,50),height:a},r(),l))};return re(()=>{i();let l=()=>{s.current+=1,i()};window.addEventListener(Iu,l);let p=new ResizeObserver(()=>{let u=e.current;o.current&&u&&u.clientWidth&&u.clientWidth!==o.current.width&&o.current.setSize({width:u.clientWidth,height:a})});return p.observe(e.current),()=>{window.removeEventListener(Iu,l),p.disconnect(),o.current&&o.current.destroy(),o.current=null}},[t,a]),re(()=>{o.current&&o.current.setData(r())}),o}function oh(e){let t=[],n=null;for(let r of e)n=r.values.map((a,o)=>(n?n[o]:0)+(a??0)),t.push(n);return t}function dt({title:e="",x:t=[],series:n=[],kind:r="line",stacked:a=!1,height:o=200,yFormat:s=ch,bands:i,sync:l,onSelectRange:p,onClickPoint:u,legend:f=!0}){let g=Ve(null),m=Ve({});m.current={series:n,onSelectRange:p,onClickPoint:u,yFormat:s,stacked:a};let y=a?n.map((_,T)=>n.length-1-T):n.map((_,T)=>T),$=()=>{let _=a?oh(m.current.series):m.current.series.map(T=>T.values);return[t,...y.map(T=>_[T])]},w=JSON.stringify([r,a,l||"",f,i||[],n.map(_=>[_.label,_.color,_.dash,_.fill,_.width,!!_.points,zu(_.values||[])])]);return Fu(g,w,()=>{let _=fo("--text-muted"),T=fo("--grid"),S={stroke:_,grid:{stroke:T,width:1},ticks:{stroke:T,width:1},font:"11px system-ui, sans-serif"};return{ms:1,legend:{show:f,live:!0},cursor:{drag:{x:!!p,y:!1,setScale:!1},sync:l?{key:l}:void 0,points:{size:r==="points"?9:6}},scales:{x:{time:!0},y:{range:(M,E,I)=>[Math.min(0,E),I>0?I*1.08:1]}},axes:[{...S,values:ih},{...S,size:60,values:(M,E)=>E.map(I=>m.current.yFormat(I))}],bands:(i||[]).map(M=>({series:[y.indexOf(M.upper)+1,y.indexOf(M.lower)+1],fill:fi(di(n[M.upper].color,M.upper),.15)})),series:[{label:"Time",value:(M,E)=>E==null?"":new Date(E).toLocaleString()},...y.map(M=>sh(n[M],M,r,a,m))],hooks:{setSelect:[M=>{if(M.select.width>4&&m.current.onSelectRange){let E=M.posToVal(M.select.left,"x"),I=M.posToVal(M.select.left+M.select.width,"x");m.current.onSelectRange(Math.round(E),Math.round(I))}M.setSelect({left:0,width:0,top:0,height:0},!1)}],ready:[M=>M.over.addEventListener("click",E=>{if(!m.current.onClickPoint)return;let I=lh(M,E.offsetX,E.offsetY);I!=null&&m.current.onClickPoint(I)})]}}},$,o),c`<div class="chart" role="img" aria-label=${e||n.map(_=>_.label).join(", ")}>
    ${e&&c`<div class="chart-title">${e}</div>`}
    <div ref=${g} class=${u?"chart-plot clickable":"chart-plot"}></div>
  </div>`}function sh(e,t,n,r,a){let o=di(e.color,t),s={label:e.label,stroke:o,width:e.width??(n==="bars"?0:1.5),dash:e.dash,spanGaps:!1,value:(l,p,u,f)=>{let g=r?a.current.series[t].values[f]:p;return g==null?"–":a.current.yFormat(g)}};if(n==="bars")return{...s,fill:o,paths:pt.paths.bars({size:[.8,40],gap:1}),points:{show:!1}};if(n==="points")return{...s,paths:()=>null,points:{show:!0,size:6,fill:o,stroke:o,width:0}};let i=e.fill??(n==="area"||r?fi(o,r?.6:.12):void 0);return{...s,fill:typeof i=="string"?i:void 0,points:{show:!!e.points||zu(e.values),size:e.points?6:5,fill:o}}}function zu(e){for(let t=0;t<e.length;t++)if(e[t]!=null&&e[t-1]==null&&e[t+1]==null)return!0;return!1}var va=e=>String(e).padStart(2,"0");function ih(e,t,n,r,a){return t.map((o,s)=>{let i=new Date(o),l=`${va(i.getHours())}:${va(i.getMinutes())}`,p=a<6e4?`${l}:${va(i.getSeconds())}`:l;a<1e3&&(p+=`.${String(i.getMilliseconds()).padStart(3,"0")}`);let u=s>0?new Date(t[s-1]):null;return a>=864e5||u&&u.getDate()!==i.getDate()||s===0&&a>=36e5?`${va(i.getMonth()+1)}-${va(i.getDate())} ${p}`:p})}function lh(e,t,n){let r=null,a=400,o=e.data[0];for(let s=1;s<e.data.length;s++){let i=e.data[s];for(let l=0;l<o.length;l++){if(i[l]==null)continue;let p=e.valToPos(o[l],"x")-t,u=e.valToPos(i[l],"y")-n,f=p*p+u*u;f<a&&(a=f,r=l)}}return r}function fi(e,t){let n=e.match(/^#([0-9a-f]{6})$/i);if(!n)return e;let r=parseInt(n[1],16);return`rgba(${r>>16},${r>>8&255},${r&255},${t})`}function ch(e){if(e==null)return"";let t=Math.abs(e);return t>=1e9?`${+(e/1e9).toFixed(1)}G`:t>=1e6?`${+(e/1e6).toFixed(1)}M`:t>=1e3?`${+(e/1e3).toFixed(1)}k`:t>=10||t===0?String(+e.toFixed(1)):String(+e.toPrecision(2))}function Uu({values:e=[],x:t,color:n,label:r="trend",width:a=120,height:o=28}){let s=Ve(null),i=Ve({});i.current={values:e,x:t};let l=()=>{let u=i.current.values;return[i.current.x||u.map((f,g)=>g),u]},p=()=>{let u=di(n,0);return{width:a,ms:1,legend:{show:!1},cursor:{show:!1},select:{show:!1},scales:{x:{time:!1},y:{range:(f,g,m)=>[0,m>0?m*1.1:1]}},axes:[{show:!1},{show:!1}],series:[{},{stroke:u,width:1.25,fill:fi(u,.15),points:{show:!1}}]}};return Fu(s,String(n),p,l,o),c`<div class="sparkline" role="img" aria-label=${r} ref=${s}></div>`}function Pe({data:e,error:t,loading:n},r=()=>!1){return t?"error":n&&e===void 0||e===void 0?"loading":r(e)?"empty":"ready"}function me({name:e,state:t="ready",title:n,subtitle:r,actions:a,children:o}){return re(()=>{n&&(document.title=`${n} · Ophion`)},[n]),c`<main id="main" class="screen" data-screen=${e} data-state=${t} tabindex="-1"
      aria-busy=${t==="loading"?"true":"false"}>
    ${(n||a)&&c`<div class="screen-head">
      <div class="screen-titles">
        ${n&&c`<h1>${n}</h1>`}
        ${r&&c`<div class="screen-subtitle">${r}</div>`}
      </div>
      ${a&&c`<div class="screen-actions">${a}</div>`}
    </div>`}
    ${o}
  </main>`}function ee({label:e="Loading"}){return c`<div class="loading" role="status"><span class="spinner" aria-hidden="true"></span>${e}…</div>`}function Ae({title:e="Nothing here yet",children:t,sdk:n=!1}){let r=location.hostname||"127.0.0.1";return c`<div class="empty" role="status">
    <h2>${e}</h2>
    ${t&&c`<div class="empty-body">${t}</div>`}
    ${n&&c`<div class="empty-body">
      <p>Point any OpenTelemetry SDK or Collector at Ophion and data appears here within seconds:</p>
      <pre class="code"><code>export OTEL_EXPORTER_OTLP_ENDPOINT=http://${r}:4318
export OTEL_SERVICE_NAME=my-service
# then start your instrumented app, e.g.
opentelemetry-instrument python app.py</code></pre>
      <p class="muted">OTLP/gRPC listens on port 4317, OTLP/HTTP on 4318. If data was sent earlier,
        widen the time range in the header.</p>
    </div>`}
  </div>`}function J({error:e,retry:t,title:n="Something went wrong"}){let r=e?e.message||String(e):"Unknown error";return c`<div class="error-message" role="alert">
    <strong>${e&&e.status?`${n} (${e.status})`:n}</strong>
    <p>${r}</p>
    ${t&&c`<button type="button" class="btn" onClick=${t}>Try again</button>`}
  </div>`}function mo(e,t="desc"){let[n,r]=ut(),a={key:n.sort||e,dir:n.dir||t};return[a,s=>{let i=a.key===s?a.dir==="asc"?"desc":"asc":s==="name"?"asc":"desc";r({sort:s,dir:i},{replace:!0})}]}function ho(e,{key:t,dir:n},r={}){let a=r[t]||(s=>s[t]),o=n==="asc"?1:-1;return[...e].sort((s,i)=>{let l=a(s),p=a(i);return l==null&&p==null?0:l==null?1:p==null?-1:(typeof l=="string"?l.localeCompare(p):l-p)*o})}function wt({columns:e,rows:t,rowKey:n,rowProps:r,sort:a,onSort:o,caption:s,dense:i=!1,empty:l}){return c`<div class="table-wrap">
    <table class=${i?"table dense":"table"}>
      ${s&&c`<caption class="sr-only">${s}</caption>`}
      <thead><tr>${e.map(p=>{let u=a&&a.key===p.key,f=u?a.dir==="asc"?"ascending":"descending":void 0;return c`<th scope="col" class=${p.align==="right"?"num":""} aria-sort=${f}>
          ${p.sort&&o?c`<button type="button" class="sort" data-sort=${p.key} onClick=${()=>o(p.key)}>
                ${p.label}<span class="sort-mark" aria-hidden="true">${u?a.dir==="asc"?"▲":"▼":""}</span>
              </button>`:p.label}
        </th>`})}</tr></thead>
      <tbody>
        ${t.length===0&&l&&c`<tr><td colspan=${e.length} class="muted">${l}</td></tr>`}
        ${t.map((p,u)=>c`<tr key=${n?n(p):u} ...${r?r(p):{}}>
          ${e.map(f=>c`<td class=${f.align==="right"?"num":f.className||""}>
            ${f.render?f.render(p):p[f.key]}</td>`)}
        </tr>`)}
      </tbody>
    </table>
  </div>`}function Hr({tabs:e,active:t,label:n="Sections"}){return c`<nav class="tabs" aria-label=${n}>
    ${e.map(r=>c`<a href=${r.href} data-tab=${r.id} class=${r.id===t?"tab active":"tab"}
        aria-current=${r.id===t?"page":void 0}>
      ${r.label}${r.count!=null&&c` <span class="tab-count">${r.count}</span>`}
    </a>`)}
  </nav>`}function ce({tone:e="muted",children:t,title:n}){return c`<span class=${`badge badge-${e}`} title=${n}>${t}</span>`}function de({label:e,value:t,tone:n,hint:r}){return c`<div class="stat">
    <div class="stat-label">${e}</div>
    <div class=${n?`stat-value tone-${n}`:"stat-value"}>${t}</div>
    ${r&&c`<div class="stat-hint">${r}</div>`}
  </div>`}function he({title:e,actions:t,children:n,className:r="",id:a,flush:o=!1}){let s=Ue(()=>a||ph("panel"),[a]);return c`<section class=${`panel ${r}`} aria-labelledby=${e?s:void 0}>
    ${(e||t)&&c`<div class="panel-head">
      ${e&&c`<h2 id=${s}>${e}</h2>`}
      ${t&&c`<div class="panel-actions">${t}</div>`}
    </div>`}
    <div class=${o?"panel-body flush":"panel-body"}>${n}</div>
  </section>`}function Dn({data:e,empty:t="none"}){let n=Object.entries(e||{}).sort(([r],[a])=>r.localeCompare(a));return n.length?c`<dl class="kv">${n.map(([r,a])=>c`<div class="kv-row">
    <dt>${r}</dt><dd>${typeof a=="object"&&a!==null?JSON.stringify(a):String(a)}</dd>
  </div>`)}</dl>`:c`<p class="muted">${t}</p>`}var uh=0,ph=(e="id")=>`${e}-${++uh}`,Hu=new Intl.NumberFormat("en-US"),se=e=>e==null||!Number.isFinite(Number(e))?"–":Hu.format(e);function Vr(e){if(e==null||!Number.isFinite(Number(e)))return"–";let t=Math.abs(e);return t>=1e9?`${+(e/1e9).toFixed(1)}G`:t>=1e6?`${+(e/1e6).toFixed(1)}M`:t>=1e4?`${+(e/1e3).toFixed(1)}k`:Hu.format(Math.round(e*100)/100)}function gn(e){if(e==null||!Number.isFinite(Number(e)))return"–";let t=Number(e);return t===0?"0/s":t<.01?`${+(t*60).toPrecision(2)}/min`:`${t>=100?Vr(Math.round(t)):+t.toPrecision(3)}/s`}function Ge(e){if(e==null||!Number.isFinite(Number(e)))return"–";let t=Number(e)*100;return t===0?"0%":t<.1?"<0.1%":`${t>=10?Math.round(t):+t.toFixed(1)}%`}function On(e){return e>=17?"error":e>=13?"warn":e>=9?"info":"muted"}async function Vu({start:e,end:t,step:n},r){try{return await X.get("/api/v1/dashboard/stats",{start:e,end:t},{signal:r})}catch(a){if(a.status!==404)throw a}return dh({start:e,end:t,step:n},r)}async function dh({start:e,end:t,step:n},r){let[{services:a},o,s]=await Promise.all([X.get("/api/v1/services",{start:e,end:t},{signal:r}),X.get("/api/v1/insights",{start:e,end:t,limit:1e3},{signal:r}).catch(()=>({insights:[]})),X.get("/api/v1/stats",null,{signal:r}).catch(()=>({}))]),i={};for(let g of o.insights||[])g.service&&(i[g.service]=(i[g.service]||0)+1);let l=Ya(n)/1e3,p=await Promise.all(a.map(g=>X.get(`/api/v1/services/${encodeURIComponent(g.name)}/series`,{start:e,end:t,step:n},{signal:r}).catch(()=>({points:[]})))),u=a.map((g,m)=>({...g,open_insights:i[g.name]||0,sparkline:(p[m].points||[]).map(y=>({time_unix_nano:y.time_unix_nano,rate_per_sec:y.span_count/l,error_rate:y.span_count?y.error_count/y.span_count:0,p95_ms:y.p95_ms}))})),f=g=>u.reduce((m,y)=>m+(y[g]||0),0);return{start_unix_nano:e*1e6,end_unix_nano:t*1e6,step_seconds:l,totals:{services:u.length,spans:f("span_count"),errors:f("error_count"),logs:s.logs??null,error_logs:null,open_insights:(o.insights||[]).length},services:u}}function Wu(e,{start:t,end:n,stepMs:r}){let a=Math.max(1,Math.ceil((n-t)/r)),o=Array.from({length:a},(l,p)=>t+p*r),s={x:o,rate:o.map(()=>0),errorsPerSec:o.map(()=>0),errorRate:o.map(()=>null),p50:o.map(()=>null),p95:o.map(()=>null),p99:o.map(()=>null)},i=r/1e3;for(let l of e||[]){let p=Math.floor((l.time_unix_nano/1e6-t)/r);p<0||p>=a||(s.rate[p]+=l.span_count/i,s.errorsPerSec[p]+=l.error_count/i,s.errorRate[p]=l.span_count?l.error_count/l.span_count:0,s.p50[p]=l.p50_ms,s.p95[p]=l.p95_ms,s.p99[p]=l.p99_ms)}return s}function Bu(e,{start:t,end:n,stepMs:r},a,o=0){let s=Math.max(1,Math.ceil((n-t)/r)),i=Array.from({length:s},(p,u)=>t+u*r),l=i.map(()=>o);for(let p of e||[]){let u=Math.floor((p.time_unix_nano/1e6-t)/r);u>=0&&u<s&&(l[u]=a(p))}return{x:i,values:l}}function mi(e,t){if(!e.length)return null;let n=Math.min(e.length-1,Math.max(0,Math.ceil(t*e.length)-1));return e[n]}function ju(e,t){let n=new Map;for(let r of e){let a=n.get(r.name);a||n.set(r.name,a={name:r.name,kind:r.kind,durations:[],error_count:0}),a.durations.push(r.duration_ns/1e6),r.status_code==="error"&&(a.error_count+=1)}return[...n.values()].map(r=>{let a=r.durations.sort((o,s)=>o-s);return{name:r.name,kind:r.kind,span_count:a.length,rate_per_sec:a.length/t,error_count:r.error_count,error_rate:r.error_count/a.length,p50_ms:mi(a,.5),p95_ms:mi(a,.95),p99_ms:mi(a,.99)}})}var or=e=>e>=.05?"error":e>=.01?"warn":"ok";function qu(){let e=Ke(),t=It(f=>Vu(e,f),[e.start,e.end]),[n,r]=mo("rate","desc"),[a,o]=Er("q",""),s=t.data,i=Pe(t,f=>f.services.length===0),l=Ue(()=>{if(!s)return[];let f=a.toLowerCase(),g=s.services.filter(m=>!f||m.name.toLowerCase().includes(f));return ho(g,n,{rate:m=>m.rate_per_sec,p50:m=>m.p50_ms,p95:m=>m.p95_ms,p99:m=>m.p99_ms,insights:m=>m.open_insights})},[s,a,n.key,n.dir]),p=s&&{start:s.start_unix_nano/1e6,end:s.end_unix_nano/1e6,stepMs:s.step_seconds*1e3},u=[{key:"name",label:"Service",sort:!0,render:f=>c`<a href=${z(`/ui/services/${encodeURIComponent(f.name)}`)}>${f.name}</a>`},{key:"rate",label:"Rate",sort:!0,align:"right",render:f=>gn(f.rate_per_sec)},{key:"error_rate",label:"Errors",sort:!0,align:"right",render:f=>c`<${ce} tone=${f.error_count?or(f.error_rate):"muted"}>${Ge(f.error_rate)}<//>`},{key:"p50",label:"p50",sort:!0,align:"right",render:f=>ue(f.p50_ms)},{key:"p95",label:"p95",sort:!0,align:"right",render:f=>ue(f.p95_ms)},{key:"p99",label:"p99",sort:!0,align:"right",render:f=>ue(f.p99_ms)},{key:"trend",label:"Rate trend",render:f=>{let{x:g,values:m}=Bu(f.sparkline,p,y=>y.rate_per_sec);return c`<${Uu} label=${`${f.name} request rate over the range`} x=${g} values=${m}
        color=${f.error_rate>=.05?"--error":"--chart-1"} />`}},{key:"insights",label:"Insights",sort:!0,align:"right",render:f=>f.open_insights?c`<a href=${z("/ui/insights",{service:f.name})} data-testid="insight-count"
          aria-label=${`${f.open_insights} insight${f.open_insights===1?"":"s"} about ${f.name}`}><${ce} tone="warn">${f.open_insights}<//></a>`:c`<span class="muted" data-testid="insight-count">0</span>`}];return c`<${me} name="overview" state=${i} title="Services"
      subtitle="Request rate, errors and latency of every service that sent spans in the range">
    ${t.error&&c`<${J} error=${t.error} retry=${t.reload} />`}
    ${i==="loading"&&c`<${ee} label="Loading services" />`}
    ${i==="empty"&&c`<${Ae} title="No services have sent spans in this range" sdk=${!0} />`}
    ${s&&s.services.length>0&&c`
      <div class="stats">
        <${de} label="Services" value=${s.totals.services} />
        <${de} label="Spans" value=${Vr(s.totals.spans)} />
        <${de} label="Errors" value=${Vr(s.totals.errors)}
          tone=${s.totals.errors?"error":void 0}
          hint=${s.totals.spans?`${Ge(s.totals.errors/s.totals.spans)} of spans`:""} />
        ${s.totals.logs!=null&&c`<${de} label="Logs" value=${Vr(s.totals.logs)}
          hint=${s.totals.error_logs!=null?`${Vr(s.totals.error_logs)} errors`:"stored"} />`}
        <${de} label="Insights" value=${s.totals.open_insights}
          tone=${s.totals.open_insights?"warn":void 0} />
      </div>
      <div class="panel">
        <div class="panel-head">
          <h2 id="services-heading">Services <span class="muted">(${l.length})</span></h2>
          <div class="panel-actions">
            <label class="sr-only" for="service-filter">Filter services</label>
            <input id="service-filter" type="search" placeholder="Filter services  /" value=${a}
              onInput=${f=>o(f.currentTarget.value,{replace:!0})} />
          </div>
        </div>
        <${wt} caption="Services" columns=${u} rows=${l} rowKey=${f=>f.name}
          rowProps=${f=>({"data-service":f.name})} sort=${n} onSort=${r}
          empty=${`No service matches “${a}”.`} />
      </div>`}
  <//>`}async function go(e,t,n){let r=`/api/v1/services/${encodeURIComponent(e)}`;try{return{operations:(await X.get(`${r}/operations`,t.params,{signal:n})).operations,sampled:!1}}catch(i){if(i.status!==404)throw i}let a=1e3,{spans:o}=await X.get("/api/v1/spans",{...t.params,service:e,limit:a},{signal:n}),s=(t.end-t.start)/1e3;if(o.length>=a){let i=o.map(l=>l.start_time_unix_nano/1e9);s=Math.max(1,Math.max(...i)-Math.min(...i))}return{operations:ju(o,s),sampled:o.length}}function vo({traces:e,caption:t="Traces",compact:n=!1,sort:r,onSort:a}){let o=Math.max(1,...e.map(i=>i.duration_ns)),s=[{key:"start",label:"Start",sort:!!a,render:i=>c`<span class="nowrap">${Ne(q(i.start_time_unix_nano))}</span>`},{key:"root",label:"Root span",render:i=>c`<a href=${`/ui/traces/${i.trace_id}`} class="trace-link">
        <span class="muted">${i.root_service||"?"}</span> ${i.root_name||"(missing root span)"}</a>`},{key:"duration",label:"Duration",sort:!!a,align:"right",render:i=>c`<span class="duration-cell">
        <span class="duration-bar" aria-hidden="true"><span class=${i.has_error?"fill error":"fill"}
          style=${{width:`${Math.max(2,i.duration_ns/o*100)}%`}}></span></span>
        ${xt(i.duration_ns)}</span>`},{key:"spans",label:"Spans",align:"right",render:i=>i.span_count},...n?[]:[{key:"services",label:"Services",render:i=>c`<span class="service-list">
        ${(i.services||[]).slice(0,4).map(l=>c`<${ce} tone="muted">${l}<//> `)}
        ${(i.services||[]).length>4&&c`<span class="muted">+${i.services.length-4}</span>`}</span>`}],{key:"status",label:"Status",render:i=>i.has_error?c`<${ce} tone="error">${i.error_count} error${i.error_count===1?"":"s"}<//>`:c`<${ce} tone="ok">ok<//>`}];return c`<${wt} caption=${t} columns=${s} rows=${e} dense=${n}
    rowKey=${i=>i.trace_id} sort=${r} onSort=${a}
    rowProps=${i=>({"data-trace-id":i.trace_id,class:i.has_error?"row-error":""})} />`}function Ku(e){let t=new Map;for(let p of e.spans||[])t.has(p.span_id)||t.set(p.span_id,p);let n=[...t.values()],r=new Map,a=[];for(let p of n)p.parent_span_id&&t.has(p.parent_span_id)&&p.parent_span_id!==p.span_id?(r.has(p.parent_span_id)||r.set(p.parent_span_id,[]),r.get(p.parent_span_id).push(p)):a.push(p);let o=(p,u)=>p.offset_ns-u.offset_ns||p.duration_ns-u.duration_ns;for(let p of r.values())p.sort(o);a.sort((p,u)=>p.span_id===e.root_span_id?-1:u.span_id===e.root_span_id?1:o(p,u));let s=Math.max(1,e.duration_ns||0,...n.map(p=>p.offset_ns+p.duration_ns)),i=[...new Set(n.map(p=>p.service_name))],l={spans:n,byId:t,children:r,roots:a,duration:s,services:i,critical:new Set};return a.length&&fh(l,a[0]),l}var $a=e=>e.offset_ns+e.duration_ns;function fh(e,t){let n=[[t,$a(t)]];for(;n.length;){let[r,a]=n.pop();e.critical.add(r.span_id);let o=[...e.children.get(r.span_id)||[]].sort((l,p)=>$a(p)-$a(l)),s=a,i=!0;for(let l of o)l.offset_ns>=s||!i&&$a(l)>s||(n.push([l,Math.min($a(l),s)]),s=l.offset_ns,i=!1)}}function $o(e,t){let n=[],r=(a,o)=>{for(let s of a){let i=e.children.get(s.span_id);n.push({span:s,depth:o,hasChildren:!!(i&&i.length)}),i&&!t.has(s.span_id)&&r(i,o+1)}};return r(e.roots,0),n}function Gu(e,t){let n=0,r=[...e.children.get(t.span_id)||[]];for(;r.length;){let a=r.pop();n+=1,r.push(...e.children.get(a.span_id)||[])}return n}function bo(e,t){let n=[],r=e.byId.get(t);for(;r&&r.parent_span_id&&e.byId.has(r.parent_span_id);)n.push(r.parent_span_id),r=e.byId.get(r.parent_span_id);return n}var In=28,Yu=12,ba=(e,t)=>`svc-${e.services.indexOf(t)%8}`;function Qu({model:e,selected:t,onSelect:n,matches:r=null,toolbar:a=null}){let[o,s]=U(()=>new Set),[i,l]=U({a:0,b:e.duration}),p=i.a>0||i.b<e.duration,u=Ue(()=>$o(e,o),[e,o]),f=Ue(()=>new Map(u.map((C,R)=>[C.span.span_id,R])),[u]),g=Ve(null),[m,y]=U({top:0,height:600}),$=Ve(null);re(()=>{if(!t||f.has(t))return;let C=bo(e,t).filter(R=>o.has(R));C.length&&s(new Set([...o].filter(R=>!C.includes(R))))},[t]),sa(()=>{let C=g.current,R=f.get(t);if(!C||R==null)return;let P=R*In;P<C.scrollTop?C.scrollTop=P:P+In>C.scrollTop+C.clientHeight&&(C.scrollTop=P+In-C.clientHeight)},[t,f]),re(()=>{let C=g.current;if(!C)return;let R=()=>y({top:C.scrollTop,height:C.clientHeight});R();let P=new ResizeObserver(R);return P.observe(C),()=>P.disconnect()},[]),re(()=>{if(!$.current)return;let C=g.current&&g.current.querySelector(`[data-span-id="${$.current}"] .span-select`);C&&(C.focus({preventScroll:!0}),$.current=null)});let w=C=>{let R=new Set(o);R.has(C)?R.delete(C):R.add(C),s(R)},v=C=>{$.current=C,n(C)},_=(C,R,P)=>{let j=R.span.span_id;C.key==="ArrowDown"&&P+1<u.length?(C.preventDefault(),v(u[P+1].span.span_id)):C.key==="ArrowUp"&&P>0?(C.preventDefault(),v(u[P-1].span.span_id)):C.key==="ArrowLeft"?(C.preventDefault(),R.hasChildren&&!o.has(j)?w(j):R.span.parent_span_id&&e.byId.has(R.span.parent_span_id)&&v(R.span.parent_span_id)):C.key==="ArrowRight"&&R.hasChildren&&o.has(j)?(C.preventDefault(),w(j)):C.key==="Home"?(C.preventDefault(),v(u[0].span.span_id)):C.key==="End"&&(C.preventDefault(),v(u[u.length-1].span.span_id))},T=Math.max(0,Math.floor(m.top/In)-Yu),S=Math.min(u.length,Math.ceil((m.top+m.height)/In)+Yu),M=[0,.25,.5,.75,1],E=o.size>0,I=e.byId.get(t);return c`<div class="wf-toolbar">
    ${a}
    <span class="wf-actions">
      ${I&&c`<button type="button" class="btn btn-ghost" data-action="zoom-span" onClick=${()=>{let C=Math.max(I.duration_ns*.05,e.duration*.001);l({a:Math.max(0,I.offset_ns-C),b:Math.min(e.duration,I.offset_ns+I.duration_ns+C)})}}>Zoom to span</button>`}
      ${p&&c`<button type="button" class="btn btn-ghost" data-action="reset-zoom" onClick=${()=>l({a:0,b:e.duration})}>Reset zoom</button>`}
      <button type="button" class="btn btn-ghost" onClick=${()=>s(new Set)} disabled=${!E}>Expand all</button>
      <button type="button" class="btn btn-ghost" onClick=${()=>s(new Set(u.filter(C=>C.depth>=1&&C.hasChildren).map(C=>C.span.span_id)))}>Collapse</button>
    </span>
  </div>
  <div class="waterfall" role="region" aria-label="Trace waterfall">
    <div class="wf-head">
      <div class="wf-tree-head">Service · operation</div>
      <${mh} win=${i} ticks=${M} onZoom=${(C,R)=>l({a:C,b:R})} />
    </div>
    <div class="wf-body" data-testid="waterfall" ref=${g} style=${{height:`min(70vh, ${u.length*In+4}px)`}} onScroll=${C=>y({top:C.currentTarget.scrollTop,height:C.currentTarget.clientHeight})}>
      <div class="wf-spacer" style=${{height:`${u.length*In}px`}}>
        ${u.slice(T,S).map((C,R)=>c`<${hh} key=${C.span.span_id} row=${C} top=${(T+R)*In}
          model=${e} win=${i} selected=${C.span.span_id===t} collapsed=${o.has(C.span.span_id)}
          found=${r?r.has(C.span.span_id):null}
          onToggle=${w} onSelect=${n} onKey=${P=>_(P,C,T+R)} />`)}
      </div>
    </div>
  </div>`}function mh({win:e,ticks:t,onZoom:n}){let[r,a]=U(null),o=e.b-e.a,s=i=>{let l=i.currentTarget.getBoundingClientRect();return Math.min(1,Math.max(0,(i.clientX-l.left)/l.width))};return c`<div class="wf-axis" title="Drag to zoom into part of the trace"
      onPointerDown=${i=>{i.currentTarget.setPointerCapture(i.pointerId);let l=s(i);a({x0:l,x1:l})}}
      onPointerMove=${i=>r&&a({...r,x1:s(i)})}
      onPointerUp=${()=>{if(r&&Math.abs(r.x1-r.x0)>.01){let i=Math.min(r.x0,r.x1),l=Math.max(r.x0,r.x1);n(e.a+i*o,e.a+l*o)}a(null)}}>
    ${t.map(i=>c`<span class="wf-tick" aria-hidden="true" style=${{left:`${i*100}%`}}>${xt(e.a+o*i)}</span>`)}
    ${r&&c`<span class="wf-drag" style=${{left:`${Math.min(r.x0,r.x1)*100}%`,width:`${Math.abs(r.x1-r.x0)*100}%`}}></span>`}
  </div>`}function hh({row:e,top:t,model:n,win:r,selected:a,collapsed:o,found:s,onToggle:i,onSelect:l,onKey:p}){let{span:u,depth:f,hasChildren:g}=e,m=u.status_code==="error",y=n.critical.has(u.span_id),$=100/(r.b-r.a),w=(u.offset_ns-r.a)*$,v=Math.max(u.duration_ns*$,.15);w<0&&(v+=w,w=0),v=Math.min(v,100-w);let _=v<=0||w>=100;_&&(w=Math.min(Math.max(w,0),100),v=0);let T=u.offset_ns+u.duration_ns<=r.a,S=_?T?{left:"0"}:{right:"0"}:w+v<80?{left:`calc(${w+v}% + 6px)`}:w>12?{right:`calc(${100-w}% + 6px)`}:{right:`calc(${100-w-v}% + 4px)`},M=!_&&w+v>=80&&w<=12,E=ba(n,u.service_name);return c`<div class=${`wf-row${a?" selected":""}${m?" error":""}${y?" critical":""}${s===!0?" found":s===!1?" not-found":""}`}
      data-span-id=${u.span_id} data-critical=${y?"true":void 0} data-error=${m?"true":void 0}
      style=${{transform:`translateY(${t}px)`}}>
    <div class="wf-tree" style=${{paddingLeft:`${6+Math.min(f,40)*14}px`}}>
      ${g?c`<button type="button" class="wf-toggle" data-action="toggle" aria-expanded=${o?"false":"true"}
            aria-label=${`${o?"Expand":"Collapse"} ${u.name}`} onClick=${()=>i(u.span_id)}>
            <span aria-hidden="true">${o?"▸":"▾"}</span></button>`:c`<span class="wf-toggle-space"></span>`}
      <button type="button" class="span-select" aria-pressed=${a?"true":"false"}
          onClick=${()=>l(u.span_id)} onKeyDown=${p}>
        <span class=${`svc-chip ${E}`} aria-hidden="true"></span>
        <span class="wf-service">${u.service_name}</span>
        <span class="wf-name">${u.name}</span>
        ${m&&c`<span class="wf-error-mark" title="Error">!<span class="sr-only"> error</span></span>`}
        ${o&&c`<span class="wf-hidden-count">+${Gu(n,u)}</span>`}
      </button>
    </div>
    <div class="wf-timeline" aria-hidden="true" onClick=${()=>l(u.span_id)}>
      ${!_&&c`<span class=${`wf-bar ${E}${m?" error":""}`} style=${{left:`${w}%`,width:`${v}%`}}></span>`}
      ${(u.events||[]).slice(0,20).map(D=>{let C=(u.offset_ns+(D.time_unix_nano-u.start_time_unix_nano)-r.a)*$;return C>=0&&C<=100&&c`<span class="wf-event" style=${{left:`${C}%`}}></span>`})}
      <span class=${M?"wf-dur inside":"wf-dur"} style=${S}>
        ${_&&T?"◂ ":""}${xt(u.duration_ns)}${_&&!T?" ▸":""}</span>
    </div>
  </div>`}function Ju({model:e,span:t,logs:n,onSelect:r}){if(!t)return c`<aside class="span-details panel" data-testid="span-details" aria-label="Span details">
      <div class="panel-body muted">Select a span to see its attributes, resource, events and links.</div>
    </aside>`;let a=t.status_code==="error",o=e.byId.get(t.parent_span_id),s=(n||[]).filter(l=>l.span_id===t.span_id),i=a?gh(e,t).slice(0,3):[];return c`<aside class="span-details panel" data-testid="span-details" aria-labelledby="span-details-title">
    <div class="panel-head">
      <h2 id="span-details-title" class="span-title">
        <span class=${`svc-chip ${ba(e,t.service_name)}`} aria-hidden="true"></span>
        ${t.name}</h2>
      ${a?c`<${ce} tone="error">error<//>`:c`<${ce} tone=${t.status_code==="ok"?"ok":"muted"}>${t.status_code}<//>`}
    </div>
    <div class="panel-body">
      <dl class="facts">
        <div><dt>Service</dt><dd><a href=${`/ui/services/${encodeURIComponent(t.service_name)}`}>${t.service_name}</a></dd></div>
        <div><dt>Duration</dt><dd>${xt(t.duration_ns)}</dd></div>
        <div><dt>Starts at</dt><dd>+${xt(t.offset_ns)}</dd></div>
        <div><dt>Kind</dt><dd>${t.kind}</dd></div>
        <div><dt>Start</dt><dd class="mono">${Gt(t.start_time_unix_nano)}</dd></div>
        <div><dt>Span id</dt><dd class="mono">${t.span_id}</dd></div>
        ${o&&c`<div><dt>Parent</dt><dd><a href=${`?span=${o.span_id}`}>${o.name}</a></dd></div>`}
        ${e.critical.has(t.span_id)&&c`<div><dt>Critical path</dt><dd>yes</dd></div>`}
        ${t.scope_name&&c`<div><dt>Scope</dt><dd class="mono">${t.scope_name}${t.scope_version?` ${t.scope_version}`:""}</dd></div>`}
      </dl>
      ${(a||t.status_message)&&c`<div class="error-message" role="note">
        <strong>${a?"Error":"Status message"}</strong><p>${_o(t)}</p>
        ${i.length>0&&c`<div class="caused-by">Caused by
          <ul>${i.map(l=>c`<li><button type="button" class="btn-link" onClick=${()=>r&&r(l.span_id)}>
            ${l.service_name} · ${l.name}</button>: ${_o(l)}</li>`)}</ul></div>`}
      </div>`}
      <${_a} title="Attributes" count=${Object.keys(t.attributes||{}).length}>
        <${Dn} data=${t.attributes} empty="No attributes." />
      <//>
      <${_a} title="Events" count=${(t.events||[]).length}>
        ${(t.events||[]).length===0?c`<p class="muted">No events.</p>`:c`<ol class="events">
          ${t.events.map(l=>c`<li class=${l.name==="exception"?"event exception":"event"}>
            <div><strong>${l.name}</strong> <span class="muted">+${xt(l.time_unix_nano-t.start_time_unix_nano)}</span></div>
            <${Dn} data=${l.attributes} empty="" />
          </li>`)}
        </ol>`}
      <//>
      <${_a} title="Links" count=${(t.links||[]).length}>
        ${(t.links||[]).length===0?c`<p class="muted">No links.</p>`:c`<ul class="links">
          ${t.links.map(l=>c`<li>
            <a href=${`/ui/traces/${l.trace_id}?span=${l.span_id}`} class="mono">${l.trace_id.slice(0,16)}… / ${l.span_id}</a>
            <${Dn} data=${l.attributes} empty="" />
          </li>`)}
        </ul>`}
      <//>
      <${_a} title="Logs of this span" count=${s.length}>
        ${s.length===0?c`<p class="muted">No log records name this span.</p>`:c`<ul class="mini-logs">
          ${s.map(l=>c`<li><span class="mono muted">${Gt(l.time_unix_nano).slice(11)}</span>
            <span>${l.severity_text}</span><span class="mini-log-body">${l.body}</span></li>`)}</ul>`}
      <//>
      <${_a} title="Resource" count=${Object.keys(t.resource_attributes||{}).length} open=${!1}>
        <${Dn} data=${t.resource_attributes} empty="No resource attributes." />
      <//>
    </div>
  </aside>`}function _o(e){let t=(e.events||[]).find(a=>a.name==="exception"),n=t&&t.attributes||{},r=n["exception.message"]||e.status_message;return[n["exception.type"],r].filter(Boolean).join(": ")||"error (no message)"}function gh(e,t){let n=[],r=o=>(e.children.get(o.span_id)||[]).some(s=>s.status_code==="error"||r(s)),a=[...e.children.get(t.span_id)||[]];for(;a.length&&n.length<10;){let o=a.shift();o.status_code==="error"&&!r(o)&&n.push(o),a.push(...e.children.get(o.span_id)||[])}return n}function _a({title:e,count:t,open:n=!0,children:r}){return c`<details class="details-section" open=${n}>
    <summary><h3>${e}</h3> <span class="tab-count">${t}</span></summary>
    ${r}
  </details>`}function Zu({service:e}){let t=Ke(),n=`/api/v1/services/${encodeURIComponent(e)}`,r=oe("/api/v1/services",t.params),a=oe(`${n}/series`,{...t.params,step:t.step}),o=It($=>go(e,t,$),[e,t.start,t.end]),s=oe("/api/v1/traces",{...t.params,service:e,sort:"longest",limit:8}),i=oe("/api/v1/spans",{...t.params,service:e,status:"error",limit:8}),l=oe("/api/v1/logs",{...t.params,service:e,limit:12}),p=oe("/api/v1/insights",{...t.params,service:e,limit:8}),u=[o,s,i,l,p].every($=>$.data!==void 0||$.error),f=r.data&&r.data.services.find($=>$.name===e),g=r.error?"error":Pe(a,$=>!f&&!($.points||[]).length);g==="ready"&&!u&&(g="loading");let m=Ue(()=>a.data&&Wu(a.data.points,{...t,stepMs:Ya(t.step)}),[a.data]),y=($,w)=>t.setRange({from:String($),to:String(w)});return c`<${me} name="service" state=${g} title=${e}
      subtitle=${c`<span class="crumbs"><a href=${z("/ui/")}>Services</a> / ${e}</span>`}
      actions=${c`<a class="btn" href=${z("/ui/traces",{service:e})}>Traces</a>
        <a class="btn" href=${z("/ui/logs",{service:e})}>Logs</a>
        <a class="btn" href=${z("/ui/service-map",{focus:e})}>Service map</a>`}>
    ${(r.error||a.error)&&c`<${J} error=${r.error||a.error}
      retry=${()=>{r.reload(),a.reload()}} />`}
    ${g==="loading"&&!m&&c`<${ee} label=${`Loading ${e}`} />`}
    ${g==="empty"&&c`<${Ae} title=${`No spans from “${e}” in this range`}>
      <p>Widen the time range, or check the name: services are named by the
        <code>service.name</code> resource attribute (<code>OTEL_SERVICE_NAME</code>).</p>
      <p><a href=${z("/ui/")}>See all services</a></p><//>`}
    ${(g==="ready"||g==="loading"&&m)&&c`
      ${f&&c`<div class="stats">
        <${de} label="Rate" value=${gn(f.rate_per_sec)} hint=${`${se(f.span_count)} spans`} />
        <${de} label="Error rate" value=${Ge(f.error_rate)} tone=${f.error_count?or(f.error_rate):void 0}
          hint=${`${se(f.error_count)} errors`} />
        <${de} label="p50" value=${ue(f.p50_ms)} />
        <${de} label="p95" value=${ue(f.p95_ms)} />
        <${de} label="p99" value=${ue(f.p99_ms)} />
      </div>`}
      ${m&&c`<div class="grid grid-3 red-charts">
        <div class="panel"><div class="panel-body">
          <${dt} title="Requests / s" x=${m.x} sync="service" onSelectRange=${y} kind="area"
            series=${[{label:"requests/s",values:m.rate},{label:"errors/s",values:m.errorsPerSec,color:"--error"}]}
            yFormat=${$=>gn($).replace("/s","")} />
        </div></div>
        <div class="panel"><div class="panel-body">
          <${dt} title="Error rate" x=${m.x} sync="service" onSelectRange=${y}
            series=${[{label:"error rate",values:m.errorRate,color:"--error"}]} yFormat=${Ge} />
        </div></div>
        <div class="panel"><div class="panel-body">
          <${dt} title="Latency" x=${m.x} sync="service" onSelectRange=${y}
            series=${[{label:"p50",values:m.p50,color:"--chart-2"},{label:"p95",values:m.p95,color:"--chart-3"},{label:"p99",values:m.p99,color:"--chart-4"}]} yFormat=${ue} />
        </div></div>
      </div>`}
      <${vh} service=${e} result=${o} />
      <div class="grid grid-2 section">
        <${$h} service=${e} r=${s} />
        <${bh} service=${e} r=${i} />
      </div>
      <div class="grid grid-2 section">
        <${_h} service=${e} r=${l} />
        <${xh} service=${e} r=${p} />
      </div>`}
  <//>`}function vh({service:e,result:t}){let[n,r]=mo("rate","desc"),a=t.data?ho(t.data.operations,n,{rate:i=>i.rate_per_sec,p50:i=>i.p50_ms,p95:i=>i.p95_ms,p99:i=>i.p99_ms}):[],o=(i,l={})=>z("/ui/traces",{service:e,operation:i.name,...l}),s=[{key:"name",label:"Operation",sort:!0,render:i=>c`<a href=${o(i)}>${i.name}</a>`},{key:"rate",label:"Rate",sort:!0,align:"right",render:i=>gn(i.rate_per_sec)},{key:"error_rate",label:"Errors",sort:!0,align:"right",render:i=>i.error_count?c`<a href=${o(i,{status:"error"})}><${ce} tone=${or(i.error_rate)}>${Ge(i.error_rate)}<//></a>`:c`<span class="muted">0%</span>`},{key:"p50",label:"p50",sort:!0,align:"right",render:i=>ue(i.p50_ms)},{key:"p95",label:"p95",sort:!0,align:"right",render:i=>ue(i.p95_ms)},{key:"p99",label:"p99",sort:!0,align:"right",render:i=>c`<a href=${o(i,{min_duration:Math.floor(i.p99_ms)||void 0})}
        title="Traces at or above p99">${ue(i.p99_ms)}</a>`}];return c`<${he} title="Operations" className="section" flush=${!0}
      actions=${t.data&&t.data.sampled&&c`<span class="muted">estimated from the latest ${se(t.data.sampled)} spans</span>`}>
    ${t.error&&c`<${J} error=${t.error} retry=${t.reload} />`}
    ${!t.data&&!t.error&&c`<${ee} label="Loading operations" />`}
    ${t.data&&c`<${wt} caption="Operations" columns=${s} rows=${a} dense=${!0}
      rowKey=${i=>i.name} rowProps=${i=>({"data-operation":i.name})} sort=${n} onSort=${r}
      empty="No operations in this range." />`}
  <//>`}function $h({service:e,r:t}){return c`<${he} title="Slowest traces" flush=${!0} actions=${c`<a href=${z("/ui/traces",{service:e,sort:"longest"})}>All traces →</a>`}>
    <${xo} result=${t} empty="No traces in this range." render=${n=>n.traces.length?c`<${vo} traces=${n.traces} compact=${!0} caption="Slowest traces" />`:null} />
  <//>`}function bh({service:e,r:t}){let n=[{key:"time",label:"Time",render:r=>c`<span class="mono nowrap">${Gt(r.start_time_unix_nano).slice(5,19)}</span>`},{key:"name",label:"Operation",render:r=>c`<a href=${`/ui/traces/${r.trace_id}?span=${r.span_id}`}>${r.name}</a>`},{key:"message",label:"Error",render:r=>c`<span class="error-text">${_o(r)}</span>`},{key:"duration",label:"Duration",align:"right",render:r=>xt(r.duration_ns)}];return c`<${he} title="Recent errors" flush=${!0} actions=${c`<a href=${z("/ui/traces",{service:e,status:"error"})}>All errors →</a>`}>
    <${xo} result=${t} empty="No errors in this range." render=${r=>r.spans.length?c`<${wt} caption="Recent error spans" columns=${n} rows=${r.spans} dense=${!0}
          rowKey=${a=>a.span_id} />`:null} />
  <//>`}function _h({service:e,r:t}){return c`<${he} title="Logs" actions=${c`<a href=${z("/ui/logs",{service:e})}>All logs →</a>`}>
    <${xo} result=${t} empty="No logs from this service in this range." render=${n=>n.logs.length?c`<ul class="mini-logs">${n.logs.map(r=>c`<li>
          <span class="mono muted nowrap">${Gt(r.time_unix_nano).slice(11)}</span>
          <${ce} tone=${On(r.severity_number)}>${r.severity_text||r.severity_number}<//>
          <span class="mini-log-body">${r.body}</span>
          ${r.trace_id&&c`<a href=${`/ui/traces/${r.trace_id}`} class="nowrap">trace</a>`}
        </li>`)}</ul>`:null} />
  <//>`}function xh({service:e,r:t}){return c`<${he} title="Insights" actions=${c`<a href=${z("/ui/insights",{service:e})}>All insights →</a>`}>
    <${xo} result=${t} empty="No insights about this service in this range: nothing unusual was detected."
      render=${n=>n.insights.length?c`<ul class="mini-insights">${n.insights.map(r=>c`<li data-insight-id=${r.id}>
        <${ce} tone=${r.severity==="critical"?"error":r.severity==="warning"?"warn":"info"}>${r.severity}<//>
        <a href=${`/ui/insights/${encodeURIComponent(r.id)}`}>${r.title}</a>
        <span class="muted">${r.kind}</span></li>`)}</ul>`:null} />
  <//>`}function xo({result:e,render:t,empty:n}){return e.error?c`<${J} error=${e.error} retry=${e.reload} />`:e.data===void 0?c`<${ee} />`:t(e.data)||c`<p class="muted">${n}</p>`}function yh(e){let t=+this._x.call(null,e),n=+this._y.call(null,e);return ep(this.cover(t,n),t,n,e)}function ep(e,t,n,r){if(isNaN(t)||isNaN(n))return e;var a,o=e._root,s={data:r},i=e._x0,l=e._y0,p=e._x1,u=e._y1,f,g,m,y,$,w,v,_;if(!o)return e._root=s,e;for(;o.length;)if(($=t>=(f=(i+p)/2))?i=f:p=f,(w=n>=(g=(l+u)/2))?l=g:u=g,a=o,!(o=o[v=w<<1|$]))return a[v]=s,e;if(m=+e._x.call(null,o.data),y=+e._y.call(null,o.data),t===m&&n===y)return s.next=o,a?a[v]=s:e._root=s,e;do a=a?a[v]=new Array(4):e._root=new Array(4),($=t>=(f=(i+p)/2))?i=f:p=f,(w=n>=(g=(l+u)/2))?l=g:u=g;while((v=w<<1|$)===(_=(y>=g)<<1|m>=f));return a[_]=o,a[v]=s,e}function wh(e){Array.isArray(e)||(e=Array.from(e));let t=e.length,n=new Float64Array(t),r=new Float64Array(t),a=1/0,o=a,s=-a,i=s;for(let l=0,p,u,f;l<t;++l){if(isNaN(u=+this._x.call(null,p=e[l]))||isNaN(f=+this._y.call(null,p))){n[l]=NaN;continue}n[l]=u,r[l]=f,u<a&&(a=u),u>s&&(s=u),f<o&&(o=f),f>i&&(i=f)}if(a>s||o>i)return this;this.cover(a,o).cover(s,i);for(let l=0;l<t;++l)ep(this,n[l],r[l],e[l]);return this}function kh(e,t){if(isNaN(e=+e)||isNaN(t=+t))return this;var n=this._x0,r=this._y0,a=this._x1,o=this._y1;if(isNaN(n))a=(n=Math.floor(e))+1,o=(r=Math.floor(t))+1;else{for(var s=a-n||1,i=this._root,l,p;n>e||e>=a||r>t||t>=o;)switch(p=(t<r)<<1|e<n,l=new Array(4),l[p]=i,i=l,s*=2,p){case 0:a=n+s,o=r+s;break;case 1:n=a-s,o=r+s;break;case 2:a=n+s,r=o-s;break;case 3:n=a-s,r=o-s;break}this._root&&this._root.length&&(this._root=i)}return this._x0=n,this._y0=r,this._x1=a,this._y1=o,this}function Sh(){var e=[];return this.visit(function(t){if(!t.length)do e.push(t.data);while(t=t.next)}),e}function Th(e){return arguments.length?this.cover(+e[0][0],+e[0][1]).cover(+e[1][0],+e[1][1]):isNaN(this._x0)?void 0:[[this._x0,this._y0],[this._x1,this._y1]]}function kt(e,t,n,r,a){this.node=e,this.x0=t,this.y0=n,this.x1=r,this.y1=a}function Mh(e,t,n){var r,a=this._x0,o=this._y0,s,i,l,p,u=this._x1,f=this._y1,g=[],m=this._root,y,$;for(m&&g.push(new kt(m,a,o,u,f)),n==null?n=1/0:(a=e-n,o=t-n,u=e+n,f=t+n,n*=n);y=g.pop();)if(!(!(m=y.node)||(s=y.x0)>u||(i=y.y0)>f||(l=y.x1)<a||(p=y.y1)<o))if(m.length){var w=(s+l)/2,v=(i+p)/2;g.push(new kt(m[3],w,v,l,p),new kt(m[2],s,v,w,p),new kt(m[1],w,i,l,v),new kt(m[0],s,i,w,v)),($=(t>=v)<<1|e>=w)&&(y=g[g.length-1],g[g.length-1]=g[g.length-1-$],g[g.length-1-$]=y)}else{var _=e-+this._x.call(null,m.data),T=t-+this._y.call(null,m.data),S=_*_+T*T;if(S<n){var M=Math.sqrt(n=S);a=e-M,o=t-M,u=e+M,f=t+M,r=m.data}}return r}function Ah(e){if(isNaN(u=+this._x.call(null,e))||isNaN(f=+this._y.call(null,e)))return this;var t,n=this._root,r,a,o,s=this._x0,i=this._y0,l=this._x1,p=this._y1,u,f,g,m,y,$,w,v;if(!n)return this;if(n.length)for(;;){if((y=u>=(g=(s+l)/2))?s=g:l=g,($=f>=(m=(i+p)/2))?i=m:p=m,t=n,!(n=n[w=$<<1|y]))return this;if(!n.length)break;(t[w+1&3]||t[w+2&3]||t[w+3&3])&&(r=t,v=w)}for(;n.data!==e;)if(a=n,!(n=n.next))return this;return(o=n.next)&&delete n.next,a?(o?a.next=o:delete a.next,this):t?(o?t[w]=o:delete t[w],(n=t[0]||t[1]||t[2]||t[3])&&n===(t[3]||t[2]||t[1]||t[0])&&!n.length&&(r?r[v]=n:this._root=n),this):(this._root=o,this)}function Ch(e){for(var t=0,n=e.length;t<n;++t)this.remove(e[t]);return this}function Eh(){return this._root}function Nh(){var e=0;return this.visit(function(t){if(!t.length)do++e;while(t=t.next)}),e}function Ph(e){var t=[],n,r=this._root,a,o,s,i,l;for(r&&t.push(new kt(r,this._x0,this._y0,this._x1,this._y1));n=t.pop();)if(!e(r=n.node,o=n.x0,s=n.y0,i=n.x1,l=n.y1)&&r.length){var p=(o+i)/2,u=(s+l)/2;(a=r[3])&&t.push(new kt(a,p,u,i,l)),(a=r[2])&&t.push(new kt(a,o,u,p,l)),(a=r[1])&&t.push(new kt(a,p,s,i,u)),(a=r[0])&&t.push(new kt(a,o,s,p,u))}return this}function Rh(e){var t=[],n=[],r;for(this._root&&t.push(new kt(this._root,this._x0,this._y0,this._x1,this._y1));r=t.pop();){var a=r.node;if(a.length){var o,s=r.x0,i=r.y0,l=r.x1,p=r.y1,u=(s+l)/2,f=(i+p)/2;(o=a[0])&&t.push(new kt(o,s,i,u,f)),(o=a[1])&&t.push(new kt(o,u,i,l,f)),(o=a[2])&&t.push(new kt(o,s,f,u,p)),(o=a[3])&&t.push(new kt(o,u,f,l,p))}n.push(r)}for(;r=n.pop();)e(r.node,r.x0,r.y0,r.x1,r.y1);return this}function Lh(e){return e[0]}function Dh(e){return arguments.length?(this._x=e,this):this._x}function Oh(e){return e[1]}function Ih(e){return arguments.length?(this._y=e,this):this._y}function yo(e,t,n){var r=new hi(t??Lh,n??Oh,NaN,NaN,NaN,NaN);return e==null?r:r.addAll(e)}function hi(e,t,n,r,a,o){this._x=e,this._y=t,this._x0=n,this._y0=r,this._x1=a,this._y1=o,this._root=void 0}function Xu(e){for(var t={data:e.data},n=t;e=e.next;)n=n.next={data:e.data};return t}var St=yo.prototype=hi.prototype;St.copy=function(){var e=new hi(this._x,this._y,this._x0,this._y0,this._x1,this._y1),t=this._root,n,r;if(!t)return e;if(!t.length)return e._root=Xu(t),e;for(n=[{source:t,target:e._root=new Array(4)}];t=n.pop();)for(var a=0;a<4;++a)(r=t.source[a])&&(r.length?n.push({source:r,target:t.target[a]=new Array(4)}):t.target[a]=Xu(r));return e};St.add=yh;St.addAll=wh;St.cover=kh;St.data=Sh;St.extent=Th;St.find=Mh;St.remove=Ah;St.removeAll=Ch;St.root=Eh;St.size=Nh;St.visit=Ph;St.visitAfter=Rh;St.x=Dh;St.y=Ih;var Fh={value:()=>{}};function gi(){for(var e=0,t=arguments.length,n={},r;e<t;++e){if(!(r=arguments[e]+"")||r in n||/[\s.]/.test(r))throw new Error("illegal type: "+r);n[r]=[]}return new wo(n)}function wo(e){this._=e}function zh(e,t){return e.trim().split(/^|\s+/).map(function(n){var r="",a=n.indexOf(".");if(a>=0&&(r=n.slice(a+1),n=n.slice(0,a)),n&&!t.hasOwnProperty(n))throw new Error("unknown type: "+n);return{type:n,name:r}})}wo.prototype=gi.prototype={constructor:wo,on:function(e,t){var n=this._,r=zh(e+"",n),a,o=-1,s=r.length;if(arguments.length<2){for(;++o<s;)if((a=(e=r[o]).type)&&(a=Uh(n[a],e.name)))return a;return}if(t!=null&&typeof t!="function")throw new Error("invalid callback: "+t);for(;++o<s;)if(a=(e=r[o]).type)n[a]=tp(n[a],e.name,t);else if(t==null)for(a in n)n[a]=tp(n[a],e.name,null);return this},copy:function(){var e={},t=this._;for(var n in t)e[n]=t[n].slice();return new wo(e)},call:function(e,t){if((a=arguments.length-2)>0)for(var n=new Array(a),r=0,a,o;r<a;++r)n[r]=arguments[r+2];if(!this._.hasOwnProperty(e))throw new Error("unknown type: "+e);for(o=this._[e],r=0,a=o.length;r<a;++r)o[r].value.apply(t,n)},apply:function(e,t,n){if(!this._.hasOwnProperty(e))throw new Error("unknown type: "+e);for(var r=this._[e],a=0,o=r.length;a<o;++a)r[a].value.apply(t,n)}};function Uh(e,t){for(var n=0,r=e.length,a;n<r;++n)if((a=e[n]).name===t)return a.value}function tp(e,t,n){for(var r=0,a=e.length;r<a;++r)if(e[r].name===t){e[r]=Fh,e=e.slice(0,r).concat(e.slice(r+1));break}return n!=null&&e.push({name:t,value:n}),e}var Wr=0,ya=0,xa=0,rp=1e3,ko,wa,So=0,sr=0,To=0,ka=typeof performance=="object"&&performance.now?performance:Date,ap=typeof window=="object"&&window.requestAnimationFrame?window.requestAnimationFrame.bind(window):function(e){setTimeout(e,17)};function op(){return sr||(ap(Hh),sr=ka.now()+To)}function Hh(){sr=0}function vi(){this._call=this._time=this._next=null}vi.prototype=bi.prototype={constructor:vi,restart:function(e,t,n){if(typeof e!="function")throw new TypeError("callback is not a function");n=(n==null?op():+n)+(t==null?0:+t),!this._next&&wa!==this&&(wa?wa._next=this:ko=this,wa=this),this._call=e,this._time=n,$i()},stop:function(){this._call&&(this._call=null,this._time=1/0,$i())}};function bi(e,t,n){var r=new vi;return r.restart(e,t,n),r}function Vh(){op(),++Wr;for(var e=ko,t;e;)(t=sr-e._time)>=0&&e._call.call(void 0,t),e=e._next;--Wr}function np(){sr=(So=ka.now())+To,Wr=ya=0;try{Vh()}finally{Wr=0,Bh(),sr=0}}function Wh(){var e=ka.now(),t=e-So;t>rp&&(To-=t,So=e)}function Bh(){for(var e,t=ko,n,r=1/0;t;)t._call?(r>t._time&&(r=t._time),e=t,t=t._next):(n=t._next,t._next=null,t=e?e._next=n:ko=n);wa=e,$i(r)}function $i(e){if(!Wr){ya&&(ya=clearTimeout(ya));var t=e-sr;t>24?(e<1/0&&(ya=setTimeout(np,Math.ceil(e-ka.now()-To)+1)),xa&&(xa=clearInterval(xa))):(xa||(So=ka.now(),xa=setInterval(Wh,rp)),Wr=1,ap(np))}}function Tt(e){return function(){return e}}function Fn(e){return(e()-.5)*1e-6}function jh(e){return e.x+e.vx}function qh(e){return e.y+e.vy}function lp(e){var t,n,r,a=1,o=1;typeof e!="function"&&(e=Tt(e==null?1:+e));function s(){for(var p,u=t.length,f,g,m,y,$,w,v=0;v<o;++v)for(f=yo(t,jh,qh).visitAfter(i),p=0;p<u;++p)g=t[p],$=n[g.index],w=$*$,m=g.x+g.vx,y=g.y+g.vy,f.visit(_);function _(T,S,M,E,I){var D=T.data,C=T.r,R=$+C;if(D){if(D.index>g.index){var P=m-D.x-D.vx,j=y-D.y-D.vy,F=P*P+j*j;F<R*R&&(P===0&&(P=Fn(r),F+=P*P),j===0&&(j=Fn(r),F+=j*j),F=(R-(F=Math.sqrt(F)))/F*a,g.vx+=(P*=F)*(R=(C*=C)/(w+C)),g.vy+=(j*=F)*R,D.vx-=P*(R=1-R),D.vy-=j*R)}return}return S>m+R||E<m-R||M>y+R||I<y-R}}function i(p){if(p.data)return p.r=n[p.data.index];for(var u=p.r=0;u<4;++u)p[u]&&p[u].r>p.r&&(p.r=p[u].r)}function l(){if(t){var p,u=t.length,f;for(n=new Array(u),p=0;p<u;++p)f=t[p],n[f.index]=+e(f,p,t)}}return s.initialize=function(p,u){t=p,r=u,l()},s.iterations=function(p){return arguments.length?(o=+p,s):o},s.strength=function(p){return arguments.length?(a=+p,s):a},s.radius=function(p){return arguments.length?(e=typeof p=="function"?p:Tt(+p),l(),s):e},s}function Kh(e){return e.index}function sp(e,t){var n=e.get(t);if(!n)throw new Error("node not found: "+t);return n}function cp(e){var t=Kh,n=f,r,a=Tt(30),o,s,i,l,p,u=1;e==null&&(e=[]);function f(w){return 1/Math.min(i[w.source.index],i[w.target.index])}function g(w){for(var v=0,_=e.length;v<u;++v)for(var T=0,S,M,E,I,D,C,R;T<_;++T)S=e[T],M=S.source,E=S.target,I=E.x+E.vx-M.x-M.vx||Fn(p),D=E.y+E.vy-M.y-M.vy||Fn(p),C=Math.sqrt(I*I+D*D),C=(C-o[T])/C*w*r[T],I*=C,D*=C,E.vx-=I*(R=l[T]),E.vy-=D*R,M.vx+=I*(R=1-R),M.vy+=D*R}function m(){if(s){var w,v=s.length,_=e.length,T=new Map(s.map((M,E)=>[t(M,E,s),M])),S;for(w=0,i=new Array(v);w<_;++w)S=e[w],S.index=w,typeof S.source!="object"&&(S.source=sp(T,S.source)),typeof S.target!="object"&&(S.target=sp(T,S.target)),i[S.source.index]=(i[S.source.index]||0)+1,i[S.target.index]=(i[S.target.index]||0)+1;for(w=0,l=new Array(_);w<_;++w)S=e[w],l[w]=i[S.source.index]/(i[S.source.index]+i[S.target.index]);r=new Array(_),y(),o=new Array(_),$()}}function y(){if(s)for(var w=0,v=e.length;w<v;++w)r[w]=+n(e[w],w,e)}function $(){if(s)for(var w=0,v=e.length;w<v;++w)o[w]=+a(e[w],w,e)}return g.initialize=function(w,v){s=w,p=v,m()},g.links=function(w){return arguments.length?(e=w,m(),g):e},g.id=function(w){return arguments.length?(t=w,g):t},g.iterations=function(w){return arguments.length?(u=+w,g):u},g.strength=function(w){return arguments.length?(n=typeof w=="function"?w:Tt(+w),y(),g):n},g.distance=function(w){return arguments.length?(a=typeof w=="function"?w:Tt(+w),$(),g):a},g}var Gh=1664525,Yh=1013904223,ip=4294967296;function Qh(){let e=1;return()=>(e=(Gh*e+Yh)%ip)/ip}function Jh(e){return e.x}function Zh(e){return e.y}var Xh=10,eg=Math.PI*(3-Math.sqrt(5));function up(e){var t,n=1,r=.001,a=1-Math.pow(r,1/300),o=0,s=.6,i=new Map,l=bi(f),p=gi("tick","end"),u=Qh();e==null&&(e=[]);function f(){g(),p.call("tick",t),n<r&&(l.stop(),p.call("end",t))}function g($){var w,v=e.length,_;$===void 0&&($=1);for(var T=0;T<$;++T)for(n+=(o-n)*a,i.forEach(function(S){S(n)}),w=0;w<v;++w)_=e[w],_.fx==null?_.x+=_.vx*=s:(_.x=_.fx,_.vx=0),_.fy==null?_.y+=_.vy*=s:(_.y=_.fy,_.vy=0);return t}function m(){for(var $=0,w=e.length,v;$<w;++$){if(v=e[$],v.index=$,v.fx!=null&&(v.x=v.fx),v.fy!=null&&(v.y=v.fy),isNaN(v.x)||isNaN(v.y)){var _=Xh*Math.sqrt(.5+$),T=$*eg;v.x=_*Math.cos(T),v.y=_*Math.sin(T)}(isNaN(v.vx)||isNaN(v.vy))&&(v.vx=v.vy=0)}}function y($){return $.initialize&&$.initialize(e,u),$}return m(),t={tick:g,restart:function(){return l.restart(f),t},stop:function(){return l.stop(),t},nodes:function($){return arguments.length?(e=$,m(),i.forEach(y),t):e},alpha:function($){return arguments.length?(n=+$,t):n},alphaMin:function($){return arguments.length?(r=+$,t):r},alphaDecay:function($){return arguments.length?(a=+$,t):+a},alphaTarget:function($){return arguments.length?(o=+$,t):o},velocityDecay:function($){return arguments.length?(s=1-$,t):1-s},randomSource:function($){return arguments.length?(u=$,i.forEach(y),t):u},force:function($,w){return arguments.length>1?(w==null?i.delete($):i.set($,y(w)),t):i.get($)},find:function($,w,v){var _=0,T=e.length,S,M,E,I,D;for(v==null?v=1/0:v*=v,_=0;_<T;++_)I=e[_],S=$-I.x,M=w-I.y,E=S*S+M*M,E<v&&(D=I,v=E);return D},on:function($,w){return arguments.length>1?(p.on($,w),t):p.on($)}}}function pp(){var e,t,n,r,a=Tt(-30),o,s=1,i=1/0,l=.81;function p(m){var y,$=e.length,w=yo(e,Jh,Zh).visitAfter(f);for(r=m,y=0;y<$;++y)t=e[y],w.visit(g)}function u(){if(e){var m,y=e.length,$;for(o=new Array(y),m=0;m<y;++m)$=e[m],o[$.index]=+a($,m,e)}}function f(m){var y=0,$,w,v=0,_,T,S;if(m.length){for(_=T=S=0;S<4;++S)($=m[S])&&(w=Math.abs($.value))&&(y+=$.value,v+=w,_+=w*$.x,T+=w*$.y);m.x=_/v,m.y=T/v}else{$=m,$.x=$.data.x,$.y=$.data.y;do y+=o[$.data.index];while($=$.next)}m.value=y}function g(m,y,$,w){if(!m.value)return!0;var v=m.x-t.x,_=m.y-t.y,T=w-y,S=v*v+_*_;if(T*T/l<S)return S<i&&(v===0&&(v=Fn(n),S+=v*v),_===0&&(_=Fn(n),S+=_*_),S<s&&(S=Math.sqrt(s*S)),t.vx+=v*m.value*r/S,t.vy+=_*m.value*r/S),!0;if(m.length||S>=i)return;(m.data!==t||m.next)&&(v===0&&(v=Fn(n),S+=v*v),_===0&&(_=Fn(n),S+=_*_),S<s&&(S=Math.sqrt(s*S)));do m.data!==t&&(T=o[m.data.index]*r/S,t.vx+=v*T,t.vy+=_*T);while(m=m.next)}return p.initialize=function(m,y){e=m,n=y,u()},p.strength=function(m){return arguments.length?(a=typeof m=="function"?m:Tt(+m),u(),p):a},p.distanceMin=function(m){return arguments.length?(s=m*m,p):Math.sqrt(s)},p.distanceMax=function(m){return arguments.length?(i=m*m,p):Math.sqrt(i)},p.theta=function(m){return arguments.length?(l=m*m,p):Math.sqrt(l)},p}function dp(e){var t=Tt(.1),n,r,a;typeof e!="function"&&(e=Tt(e==null?0:+e));function o(i){for(var l=0,p=n.length,u;l<p;++l)u=n[l],u.vx+=(a[l]-u.x)*r[l]*i}function s(){if(n){var i,l=n.length;for(r=new Array(l),a=new Array(l),i=0;i<l;++i)r[i]=isNaN(a[i]=+e(n[i],i,n))?0:+t(n[i],i,n)}}return o.initialize=function(i){n=i,s()},o.strength=function(i){return arguments.length?(t=typeof i=="function"?i:Tt(+i),s(),o):t},o.x=function(i){return arguments.length?(e=typeof i=="function"?i:Tt(+i),s(),o):e},o}function fp(e){var t=Tt(.1),n,r,a;typeof e!="function"&&(e=Tt(e==null?0:+e));function o(i){for(var l=0,p=n.length,u;l<p;++l)u=n[l],u.vy+=(a[l]-u.y)*r[l]*i}function s(){if(n){var i,l=n.length;for(r=new Array(l),a=new Array(l),i=0;i<l;++i)r[i]=isNaN(a[i]=+e(n[i],i,n))?0:+t(n[i],i,n)}}return o.initialize=function(i){n=i,s()},o.strength=function(i){return arguments.length?(t=typeof i=="function"?i:Tt(+i),s(),o):t},o.y=function(i){return arguments.length?(e=typeof i=="function"?i:Tt(+i),s(),o):e},o}async function tg(e,t){let[n,{services:r}]=await Promise.all([X.get("/api/v1/service-map",e.params,{signal:t}),X.get("/api/v1/services",e.params,{signal:t})]);return{...n,services:r}}function mp(){let e=Ke(),t=It(o=>tg(e,o),[e.start,e.end]),[n]=Er("focus",""),r=Pe(t,o=>o.edges.length===0&&o.nodes.length===0),a=(e.end-e.start)/1e3;return c`<${me} name="service-map" state=${r} title="Service map"
      subtitle="Calls between services in the range. Node size: request rate; colour: error rate. Click a service to open it.">
    ${t.error&&c`<${J} error=${t.error} retry=${t.reload} />`}
    ${r==="loading"&&c`<${ee} label="Building the service map" />`}
    ${r==="empty"&&c`<${Ae} title="No calls between services in this range">
      <p>The map is drawn from parent/child spans that cross services. Instrument at least two
        services that call each other (HTTP or gRPC client and server spans, with context
        propagation on, which OpenTelemetry SDKs do by default), or widen the time range.</p>
      <p><a href=${z("/ui/")}>See services</a></p><//>`}
    ${r==="ready"&&c`
      <${rg} data=${t.data} seconds=${a} focus=${n} />
      <${og} edges=${t.data.edges} seconds=${a} />`}
  <//>`}var Mo=1100;function ng(e,t){let n=new Map(e.services.map($=>[$.name,$])),r=[...new Set([...e.nodes,...e.edges.flatMap($=>[$.caller,$.callee])])].sort(),a=new Map(r.map($=>[$,0]));for(let $ of e.edges)$.caller!==$.callee&&a.set($.callee,a.get($.callee)+1);let o=new Map,s=r.filter($=>a.get($)===0).map($=>[$,0]);for(;;){for(;s.length;){let[w,v]=s.shift();if(!o.has(w)){o.set(w,v);for(let _ of e.edges)_.caller===w&&!o.has(_.callee)&&s.push([_.callee,v+1])}}let $=r.filter(w=>!o.has(w)).sort((w,v)=>a.get(w)-a.get(v));if(!$.length)break;s.push([$[0],0])}let i=Math.max(0,...o.values()),l=Math.max(1e-9,...r.map($=>(n.get($)||{}).rate_per_sec||0)),p=r.map($=>{let w=n.get($)||{};return{id:$,stats:w,depth:o.get($)??0,r:14+18*Math.sqrt((w.rate_per_sec||0)/l)}}),u=e.edges.filter($=>$.caller!==$.callee).map($=>({source:$.caller,target:$.callee,edge:$})),f=$=>i?100+$/i*(Mo-200):Mo/2,g=Math.max(1,...[...o.values()].reduce(($,w)=>$.set(w,($.get(w)||0)+1),new Map).values()),m=Math.max(420,Math.min(900,g*120+80));up(p).force("link",cp(u).id($=>$.id).distance(200).strength(.2)).force("charge",pp().strength(-1400)).force("x",dp($=>f($.depth)).strength(.3)).force("y",fp(m/2).strength(.08)).force("collide",lp($=>$.r+60)).stop().tick(300);for(let $ of p)$.x=Math.max($.r+60,Math.min(Mo-$.r-60,$.x)),$.y=Math.max($.r+20,Math.min(m-$.r-40,$.y));let y=Math.max(1,...u.map($=>$.edge.call_count));for(let $ of u)$.width=1.5+4*Math.sqrt($.edge.call_count/y);return{nodes:p,links:u,H:m}}function rg({data:e,seconds:t,focus:n}){let{nodes:r,links:a,H:o}=Ue(()=>ng(e,t),[e]),s=a.length<=8,[i,l]=U(n||""),p=u=>!i||u===i||a.some(f=>f.source.id===i&&f.target.id===u||f.target.id===i&&f.source.id===u);return c`<div class="panel map-panel">
    <svg class="service-map" viewBox=${`0 0 ${Mo} ${o}`} role="group" aria-label="Service dependency graph">
      <defs>
        <marker id="map-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="12" markerHeight="12" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" class="map-arrow" />
        </marker>
        <marker id="map-arrow-error" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="12" markerHeight="12" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" class="map-arrow error" />
        </marker>
      </defs>
      ${a.map(u=>{let f=u.edge,g=f.error_count/Math.max(1,f.call_count),m=ag(u.source,u.target),y=i&&u.source.id!==i&&u.target.id!==i,$=g>=.05,w=s||i&&!y;return c`<g class=${`map-edge${$?" error":""}${y?" dim":""}`} data-edge=${`${f.caller}>${f.callee}`}>
          <path d=${m.d} stroke-width=${u.width} marker-end=${$?"url(#map-arrow-error)":"url(#map-arrow)"} />
          ${w&&c`<text x=${m.mx} y=${m.my} text-anchor="middle" dominant-baseline="middle" class="map-edge-label">
            ${gn(f.call_count/t)} · ${Ge(g)} · p95 ${ue(f.p95_ms)}</text>`}
        </g>`})}
      ${r.map(u=>{let f=u.stats,g=f.error_count?or(f.error_rate||0):"ok";return c`<a href=${z(`/ui/services/${encodeURIComponent(u.id)}`)} class=${`map-node tone-${g}${p(u.id)?"":" dim"}${u.id===n?" focused":""}`}
            data-node=${u.id}
            onMouseEnter=${()=>l(u.id)} onMouseLeave=${()=>l(n||"")}
            onFocus=${()=>l(u.id)} onBlur=${()=>l(n||"")}>
          <circle cx=${u.x} cy=${u.y} r=${u.r} />
          <text x=${u.x} y=${u.y+u.r+15} text-anchor="middle" class="map-node-name">${u.id}</text>
          <text x=${u.x} y=${u.y+u.r+29} text-anchor="middle" class="map-node-stats">
            ${gn(f.rate_per_sec)} · ${Ge(f.error_rate)} · p95 ${ue(f.p95_ms)}</text>
        </a>`})}
    </svg>
    <div class="map-legend" aria-hidden="true">
      <span><span class="legend-dot tone-ok"></span>errors under 1%</span>
      <span><span class="legend-dot tone-warn"></span>1–5%</span>
      <span><span class="legend-dot tone-error"></span>5% or more</span>
      <span class="muted">edge labels: calls/s · error rate · p95</span>
    </div>
  </div>`}function ag(e,t){let n=t.x-e.x,r=t.y-e.y,a=Math.max(1,Math.hypot(n,r)),o=(e.x+t.x)/2-r/a*a*.12,s=(e.y+t.y)/2+n/a*a*.12,i=($,w)=>{let v=o-$.x,_=s-$.y,T=Math.max(1,Math.hypot(v,_));return[$.x+v/T*w,$.y+_/T*w]},[l,p]=i(e,e.r),[u,f]=i(t,t.r+3),g=-(r/a),m=n/a,y=14;return{d:`M ${l} ${p} Q ${o} ${s} ${u} ${f}`,mx:.25*l+.5*o+.25*u+g*y,my:.25*p+.5*s+.25*f+m*y}}function og({edges:e,seconds:t}){let n=o=>c`<a href=${z(`/ui/services/${encodeURIComponent(o)}`)}>${o}</a>`,r=[{key:"caller",label:"Caller",render:o=>n(o.caller)},{key:"callee",label:"Callee",render:o=>n(o.callee)},{key:"rate",label:"Calls",align:"right",render:o=>gn(o.call_count/t)},{key:"errors",label:"Errors",align:"right",render:o=>o.error_count?c`<${ce} tone=${or(o.error_count/o.call_count)}>${Ge(o.error_count/o.call_count)}<//>`:c`<span class="muted">0%</span>`},{key:"p50",label:"p50",align:"right",render:o=>ue(o.p50_ms)},{key:"p95",label:"p95",align:"right",render:o=>ue(o.p95_ms)},{key:"p99",label:"p99",align:"right",render:o=>ue(o.p99_ms)}],a=[...e].sort((o,s)=>s.call_count-o.call_count);return c`<${he} title="Calls between services" className="section" flush=${!0}>
    <${wt} caption="Calls between services" columns=${r} rows=${a} dense=${!0}
      rowKey=${o=>`${o.caller}>${o.callee}`} />
  <//>`}var hp=100,sg=[["newest","Newest first"],["oldest","Oldest first"],["longest","Longest first"],["shortest","Shortest first"]],gp=["service","operation","min_duration","max_duration","status","attr","sort"];function ig(e,t){let n={...t.params,limit:hp};for(let r of["service","operation","min_duration","max_duration","status","sort"])e[r]&&(n[r]=e[r]);for(let r of ct(e.attr)){let a=r.indexOf("=");a>0&&(n[`attr.${r.slice(0,a).trim()}`]=r.slice(a+1).trim())}return n}function vp(){let[e,t]=ut(),n=Ke(),r=ig(e,n),a=JSON.stringify(r),o=It(y=>X.get("/api/v1/traces",r,{signal:y}),[a]),[s,i]=U({key:a,pages:[],cursor:void 0,loading:!1,error:null}),l=s.key===a?s:{key:a,pages:[],cursor:void 0,loading:!1,error:null},p=Ue(()=>o.data?[o.data.traces,...l.pages].flat():[],[o.data,l.pages]),u=l.cursor!==void 0?l.cursor:o.data&&o.data.next_cursor,f=async()=>{i({...l,loading:!0,error:null});try{let y=await X.get("/api/v1/traces",{...r,cursor:u});i($=>$.key===a?{key:a,pages:[...$.pages,y.traces],cursor:y.next_cursor,loading:!1,error:null}:$)}catch(y){i($=>$.key===a?{...$,loading:!1,error:y}:$)}},g=gp.some(y=>e[y]&&y!=="sort"),m=Pe(o,y=>y.traces.length===0);return c`<${me} name="traces" state=${m} title="Traces"
      subtitle="Find traces by service, operation, duration, status and attributes">
    <${lg} query=${e} range=${n} onApply=${y=>t(y)} />
    ${o.error&&c`<${J} error=${o.error} retry=${o.reload} />`}
    ${m==="loading"&&c`<${ee} label="Searching traces" />`}
    ${m==="empty"&&(g?c`<${Ae} title="No traces match these filters">
          <p>Loosen a filter or widen the time range. Durations are in milliseconds; attributes are
            written <code>key=value</code> (e.g. <code>http.route=/cart</code>).</p>
          <p><a href="/ui/traces">Clear all filters</a></p><//>`:c`<${Ae} title="No traces in this range" sdk=${!0} />`)}
    ${p.length>0&&c`
      <div class="panel section">
        <div class="panel-body">
          <${cg} traces=${p} />
        </div>
      </div>
      <div class="panel section">
        <div class="panel-head">
          <h2>${se(p.length)}${u?"+":""} traces</h2>
          <div class="panel-actions">
            <label for="trace-sort">Sort</label>
            <select id="trace-sort" name="sort" value=${e.sort||"newest"}
              onChange=${y=>t({sort:y.currentTarget.value})}>
              ${sg.map(([y,$])=>c`<option value=${y}>${$}</option>`)}
            </select>
          </div>
        </div>
        <${vo} traces=${p} caption="Trace search results" />
        <div class="load-more">
          ${l.error&&c`<${J} error=${l.error} retry=${f} />`}
          ${u?c`<button type="button" class="btn" data-action="load-more" disabled=${l.loading} onClick=${f}>
                ${l.loading?"Loading…":`Load ${hp} more`}</button>`:c`<span class="muted">All ${se(p.length)} matching traces shown.</span>`}
        </div>
      </div>`}
  <//>`}function lg({query:e,onApply:t}){let n=Ke(),r=oe("/api/v1/services",n.params),a=()=>({service:e.service||"",operation:e.operation||"",min_duration:e.min_duration||"",max_duration:e.max_duration||"",status:e.status||"",attr:ct(e.attr).join(`
`)}),[o,s]=U(a),i=gp.map(g=>ct(e[g]).join(",")).join("|");re(()=>s(a()),[i]);let l=g=>m=>s({...o,[g]:m.currentTarget.value}),p=g=>{g.preventDefault(),t({...o,attr:o.attr.split(/\n|,(?=[^=,]+=)/).map(m=>m.trim()).filter(Boolean)})},u=It(o.service&&(g=>go(o.service,n,g)),[o.service,n.start]),f=r.data?r.data.services.map(g=>g.name).sort():[];return o.service&&!f.includes(o.service)&&f.unshift(o.service),c`<form class="panel filters" onSubmit=${p} aria-label="Trace filters">
    <div class="filters-row">
      <div class="field">
        <label for="f-service">Service</label>
        <select id="f-service" name="service" value=${o.service} onChange=${g=>s({...o,service:g.currentTarget.value})}>
          <option value="">All services</option>
          ${f.map(g=>c`<option value=${g}>${g}</option>`)}
        </select>
      </div>
      <div class="field grow">
        <label for="f-operation">Operation</label>
        <input id="f-operation" name="operation" type="search" data-search placeholder="e.g. GET /cart   ( / )"
          list="f-operation-names" autocomplete="off" value=${o.operation} onInput=${l("operation")} />
        <datalist id="f-operation-names">
          ${u.data&&u.data.operations.map(g=>c`<option value=${g.name}></option>`)}
        </datalist>
      </div>
      <div class="field narrow">
        <label for="f-min">Min duration (ms)</label>
        <input id="f-min" name="min_duration" inputmode="decimal" placeholder="0" value=${o.min_duration} onInput=${l("min_duration")} />
      </div>
      <div class="field narrow">
        <label for="f-max">Max duration (ms)</label>
        <input id="f-max" name="max_duration" inputmode="decimal" placeholder="∞" value=${o.max_duration} onInput=${l("max_duration")} />
      </div>
      <div class="field">
        <label for="f-status">Status</label>
        <select id="f-status" name="status" value=${o.status} onChange=${g=>s({...o,status:g.currentTarget.value})}>
          <option value="">Any</option><option value="error">Error</option><option value="ok">OK</option><option value="unset">Unset</option>
        </select>
      </div>
      <div class="field grow">
        <label for="f-attr">Attributes (key=value, one per line)</label>
        <textarea id="f-attr" name="attr" rows="1" placeholder="http.route=/cart" value=${o.attr} onInput=${l("attr")}
          onKeyDown=${g=>{g.key==="Enter"&&!g.shiftKey&&(g.preventDefault(),p(g))}}></textarea>
      </div>
      <div class="filters-actions">
        <button type="submit" class="btn btn-primary">Search</button>
        <a class="btn btn-ghost" href="/ui/traces">Clear</a>
      </div>
    </div>
  </form>`}function cg({traces:e}){let t=Ue(()=>[...e].sort((o,s)=>o.start_time_unix_nano-s.start_time_unix_nano),[e]),n=t.map(o=>q(o.start_time_unix_nano)),r=t.map(o=>o.has_error?null:q(o.duration_ns)),a=t.map(o=>o.has_error?q(o.duration_ns):null);return c`<${dt} title="Duration of the traces found (click a point to open it)" kind="points" height=${180} x=${n}
    series=${[{label:"ok",values:r,color:"--chart-1"},{label:"error",values:a,color:"--error"}]}
    yFormat=${ue} onClickPoint=${o=>et(`/ui/traces/${t[o].trace_id}`)} />`}function $p({traceId:e}){let t=It(async v=>{let _=await X.get(`/api/v1/traces/${encodeURIComponent(e)}`,null,{signal:v}),T=X.get("/api/v1/logs",{trace_id:e,limit:500,start:Math.floor(q(_.start_time_unix_nano))-6e4,end:Math.ceil(q(_.end_time_unix_nano))+6e4},{signal:v});return T.catch(()=>{}),{trace:_,logs:T}},[e]),n=t.data&&t.data.trace,r=Ue(()=>n&&Ku(n),[n]),[a,o]=Er("span",""),s=It(t.data&&(()=>t.data.logs),[t.data]),i=t.error&&t.error.status===404,l=t.error?i?"empty":"error":!n||s.data===void 0&&!s.error?"loading":"ready",p=r&&r.roots[0],u=Ue(()=>r?$o(r,new Set).map(v=>v.span):[],[r]),f=r&&(r.byId.get(a)||ug(r,u)||p),g=r&&[...r.critical].length,[m,y]=U(""),$=Ue(()=>pg(u,m),[u,m]),w=Ue(()=>m.trim()?new Set($.map(v=>v.span_id)):null,[$]);return c`<${me} name="trace" state=${l}
      title=${p?`${p.service_name}: ${p.name}`:"Trace"}
      subtitle=${c`<span class="crumbs"><a href="/ui/traces">Traces</a> / <span class="mono">${e}</span></span>`}>
    ${i&&c`<${Ae} title="This trace is not stored">
      <p>No spans with trace id <code>${e}</code> were found. It may be older than the retention,
        still arriving, or belong to another tenant.</p>
      <p><a href="/ui/traces">Search traces</a></p><//>`}
    ${t.error&&!i&&c`<${J} error=${t.error} retry=${t.reload} />`}
    ${!n&&!t.error&&c`<${ee} label="Loading trace" />`}
    ${r&&c`
      <div class="trace-summary">
        <span><span class="muted">Duration</span> <strong>${xt(n.duration_ns)}</strong></span>
        <span><span class="muted">Spans</span> <strong>${se(n.span_count)}</strong></span>
        <span><span class="muted">Errors</span> ${n.error_count?c`<${ce} tone="error">${n.error_count}<//>`:c`<strong>0</strong>`}</span>
        <span><span class="muted">Start</span> <span class="mono">${Gt(n.start_time_unix_nano)}</span></span>
        <span><span class="muted">Critical path</span> <strong>${g} spans</strong></span>
        <span class="trace-services" aria-label="Services">
          ${r.services.map(v=>c`<a class="svc-legend" href=${`/ui/services/${encodeURIComponent(v)}`}>
            <span class=${`svc-chip ${ba(r,v)}`} aria-hidden="true"></span>${v}</a>`)}
        </span>
      </div>
      <div class="trace-layout">
        <div class="trace-main">
          <${Qu} model=${r} selected=${f&&f.span_id} matches=${w}
            onSelect=${v=>o(v,{replace:!0})}
            toolbar=${c`<${dg} text=${m} onText=${y} hits=${$}
              selected=${f&&f.span_id} onSelect=${v=>o(v,{replace:!0})} />`} />
        </div>
        <${Ju} model=${r} span=${f} logs=${s.data&&s.data.logs}
          onSelect=${v=>o(v,{replace:!0})} />
      </div>
      <${fg} result=${s} retry=${t.reload} model=${r} onSelect=${v=>o(v,{replace:!0})} />`}
  <//>`}function ug(e,t){let n=null,r=-1;for(let a of t){if(a.status_code!=="error")continue;let o=bo(e,a.span_id).length;o>r&&(n=a,r=o)}return n}function pg(e,t){let n=t.trim().toLowerCase();return n?e.filter(r=>`${r.name}\0${r.service_name}\0${r.span_id}\0${Object.entries(r.attributes||{}).map(([a,o])=>`${a}=${typeof o=="object"?JSON.stringify(o):o}`).join("\0")}`.toLowerCase().includes(n)):[]}function dg({text:e,onText:t,hits:n,selected:r,onSelect:a}){let o=n.findIndex(i=>i.span_id===r),s=i=>{if(!n.length)return;let l=n[(o+i+n.length)%n.length];a(l.span_id)};return c`<div class="trace-find" role="search">
    <label for="trace-find" class="sr-only">Find spans in this trace</label>
    <input id="trace-find" type="search" placeholder="Find spans: name, service, attribute…  ( / )" value=${e}
      onInput=${i=>t(i.currentTarget.value)}
      onKeyDown=${i=>{i.key==="Enter"&&(i.preventDefault(),s(i.shiftKey?-1:1))}} />
    ${e.trim()&&c`<span class="muted" aria-live="polite">${n.length?`${o>=0?o+1:0} of ${n.length}`:"no span matches"}</span>
      <button type="button" class="btn btn-icon" aria-label="Previous match" disabled=${!n.length} onClick=${()=>s(-1)}>↑</button>
      <button type="button" class="btn btn-icon" aria-label="Next match" disabled=${!n.length} onClick=${()=>s(1)}>↓</button>`}
  </div>`}function fg({result:e,retry:t,model:n,onSelect:r}){let a=e.data?e.data.logs:[];return c`<${he} title=${`Logs of this trace (${e.data?a.length:"…"})`} className="section">
    ${e.error&&c`<${J} error=${e.error} retry=${t} />`}
    ${!e.data&&!e.error&&c`<${ee} label="Loading logs" />`}
    ${e.data&&a.length===0&&c`<p class="muted">No log records carry this trace id. Logs
      emitted inside a span by an OpenTelemetry logging bridge are linked automatically.</p>`}
    ${a.length>0&&c`<table class="table dense trace-logs">
      <caption class="sr-only">Log records of this trace</caption>
      <thead><tr><th scope="col">Time</th><th scope="col">Severity</th><th scope="col">Service</th><th scope="col">Body</th><th scope="col">Span</th></tr></thead>
      <tbody>${[...a].reverse().map(o=>c`<tr>
        <td class="mono nowrap">${Gt(o.time_unix_nano).slice(11)}</td>
        <td><${ce} tone=${On(o.severity_number)}>${o.severity_text||o.severity_number}<//></td>
        <td class="nowrap">${o.service_name}</td>
        <td class="log-body">${o.body}</td>
        <td>${o.span_id&&n.byId.has(o.span_id)?c`<button type="button" class="btn-link" onClick=${()=>r(o.span_id)}>${n.byId.get(o.span_id).name}</button>`:c`<span class="muted mono">${o.span_id||"–"}</span>`}</td>
      </tr>`)}</tbody>
    </table>`}
  <//>`}var Ao=[{name:"trace",number:1},{name:"debug",number:5},{name:"info",number:9},{name:"warn",number:13},{name:"error",number:17},{name:"fatal",number:21}];function Sa(e){return e?[...Ao].reverse().find(t=>e>=t.number).name:"unspecified"}var mg=e=>typeof e=="string"?e:JSON.stringify(e),bp=1e3;function _p(e,t){if(!t)return e;let n=e.toLowerCase(),r=t.toLowerCase(),a=[],o=0;for(let s=n.indexOf(r);s>=0;s=n.indexOf(r,s+r.length))s>o&&a.push(e.slice(o,s)),a.push(c`<mark>${e.slice(s,s+r.length)}</mark>`),o=s+r.length;return o<e.length&&a.push(e.slice(o)),a}function Br({logs:e,q:t,onFilter:n,label:r="Log records"}){return c`<ul class="log-list" aria-label=${r}>
    ${e.map(a=>c`<${xi} key=${a.key} log=${a.log} q=${t} onFilter=${n} />`)}
  </ul>`}var xi=class extends Nn{constructor(){super(),this.state={open:!1},this.toggle=()=>this.setState({open:!this.state.open})}shouldComponentUpdate(t,n){return t.log!==this.props.log||t.q!==this.props.q||n.open!==this.state.open}render({log:t,q:n,onFilter:r},{open:a}){let o=Sa(t.severity_number),s=mg(t.body);return c`<li class="log-row" data-log-row data-severity=${o}>
      <button type="button" class="log-line" aria-expanded=${a?"true":"false"} onClick=${this.toggle}>
        <span class="log-chevron" aria-hidden="true">${a?"▾":"▸"}</span>
        <time class="log-time mono">${Gt(t.time_unix_nano).slice(5)}</time>
        <${ce} tone=${On(t.severity_number)}>${t.severity_text||o.toUpperCase()}<//>
        <span class="log-service">${t.service_name}</span>
        <span class="log-body mono">${_p(s.length>bp?`${s.slice(0,bp)}…`:s,n)}</span>
      </button>
      ${a&&c`<${hg} log=${t} text=${s} q=${n} onFilter=${r} />`}
    </li>`}};function hg({log:e,text:t,q:n,onFilter:r}){let a={trace_id:e.trace_id,span_id:e.span_id,scope:e.scope_name,event:e.event_name,observed:e.observed_time_unix_nano?Gt(e.observed_time_unix_nano):""};return c`<div class="log-detail">
    <pre class="log-full mono">${_p(t,n)}</pre>
    ${e.trace_id&&c`<p class="log-links">
      <a href=${z(`/ui/traces/${e.trace_id}`,e.span_id?{span:e.span_id}:{})}>View trace ${e.trace_id.slice(0,8)}…</a>
      <span aria-hidden="true"> · </span>
      <a href=${z("/ui/logs",{trace_id:e.trace_id})}>All logs of this trace</a>
    </p>`}
    <div class="log-attrs">
      <${_i} title="Attributes" data=${e.attributes} onFilter=${r} />
      <${_i} title="Resource" data=${e.resource_attributes} onFilter=${r} />
      <${_i} title="Record" data=${a} />
    </div>
  </div>`}function _i({title:e,data:t,onFilter:n}){let r=Object.entries(t||{}).filter(([,a])=>a!==""&&a!=null).sort(([a],[o])=>a.localeCompare(o));return c`<section class="log-attr-group">
    <h3>${e}</h3>
    ${r.length===0?c`<p class="muted">none</p>`:c`<dl class="kv">
      ${r.map(([a,o])=>{let s=typeof o=="object"?JSON.stringify(o):String(o);return c`<div class="kv-row"><dt>${a}</dt><dd>${s}
          ${n&&typeof o!="object"&&c` <button type="button" class="btn-link attr-filter"
            aria-label=${`Filter by ${a} = ${s}`} title="Filter by this value"
            onClick=${()=>n(a,s)}>filter</button>`}
        </dd></div>`})}
    </dl>`}
  </section>`}var xp=[{key:"unspecified",label:"unspecified",color:"--text-muted"},{key:"trace",label:"trace",color:"--chart-6"},{key:"debug",label:"debug",color:"--chart-5"},{key:"info",label:"info",color:"--chart-1"},{key:"warn",label:"warn",color:"--warn"},{key:"error",label:"error",color:"--error"},{key:"fatal",label:"fatal",color:"--critical"}];function jr({buckets:e,onSelectRange:t,height:n=140}){let r=xp.filter(l=>e.some(p=>p.by_severity[l.key])),a=r.length?r:[xp[3]],o=e.map(l=>q(l.start_unix_nano)),s=a.map(l=>({label:l.label,color:l.color,values:e.map(p=>p.by_severity[l.key]||0)})),i=e.reduce((l,p)=>l+p.count,0);return c`<div class="log-histogram">
    <${dt} title=${`${se(i)} records · drag to zoom`} x=${o} series=${s}
      kind="bars" stacked=${!0} height=${n} yFormat=${gg} onSelectRange=${t} />
  </div>`}var gg=e=>e==null?"":e>=1e3?`${+(e/1e3).toFixed(1)}k`:String(Math.round(e));var Co=1e3,vg=100;function yp(e,t){let[,n]=U(0),[r,a]=U("connecting"),[o,s]=U(null),[i,l]=U(null),[p,u]=U(0),[f,g]=U(0),m=Ve({rows:[],waiting:[],seq:0,received:0,scheduled:!1,timer:0,raf:0,last:0});m.current.paused=t;let y=JSON.stringify(e),$=()=>{let v=m.current;v.scheduled=!1,!(v.paused||!v.waiting.length)&&(v.last=performance.now(),v.rows=v.waiting.reverse().concat(v.rows).slice(0,Co),v.waiting=[],n(_=>_+1))},w=()=>{let v=m.current;if(v.scheduled)return;v.scheduled=!0;let _=Math.max(0,vg-(performance.now()-v.last));v.timer=setTimeout(()=>{v.raf=requestAnimationFrame($)},_)};return re(()=>{let v=new AbortController;return a("connecting"),s(null),l(null),nc("/api/v1/logs/tail",e,{signal:v.signal,onOpen:()=>a("open"),onEvent:(_,T)=>{let S=m.current;_==="log"?(S.received+=1,S.waiting.push({key:S.seq+=1,log:T}),S.waiting.length>Co&&S.waiting.splice(0,S.waiting.length-Co),a("open"),w()):_==="dropped"&&l(T&&T.message||"The server stopped the live tail.")},onError:_=>{s(_),a("error")}}).then(()=>{v.signal.aborted||a(_=>_==="error"?_:"closed")}),()=>v.abort()},[y,f]),re(()=>{let v=m.current.received,_=setInterval(()=>{u(m.current.received-v),v=m.current.received},1e3);return()=>clearInterval(_)},[]),re(()=>{t||w()},[t]),re(()=>()=>{clearTimeout(m.current.timer),cancelAnimationFrame(m.current.raf)},[]),{rows:m.current.rows,waiting:m.current.waiting.length,status:r,error:o,dropped:i,rate:p,reconnect:()=>g(v=>v+1),clear:()=>{m.current.rows=[],m.current.waiting=[],n(v=>v+1)}}}function wp({tail:e,paused:t,setPaused:n,q:r}){let{rows:a,waiting:o,status:s,error:i,dropped:l,rate:p}=e,u=s==="closed"||s==="error";return c`<section class="live-tail" aria-label="Live tail">
    <div class="live-bar">
      <span class=${`live-dot live-${t?"paused":s}`} aria-hidden="true"></span>
      <span role="status" class="live-status">${$g(s,t,p)}</span>
      <span class="muted small">${se(a.length)} shown (newest ${se(Co)} kept)
        ${t&&o>0&&c` · ${se(o)} waiting`}</span>
      <span class="live-actions">
        <button type="button" class="btn" data-action="pause" aria-pressed=${t?"true":"false"}
          disabled=${u} onClick=${()=>n(!t)}>${t?"Resume":"Pause"}</button>
        <button type="button" class="btn" data-action="clear" onClick=${e.clear}>Clear</button>
        ${u&&c`<button type="button" class="btn btn-primary" data-action="reconnect"
          onClick=${e.reconnect}>Reconnect</button>`}
      </span>
    </div>
    ${l&&c`<div class="notice live-dropped" role="alert" data-testid="live-dropped">
      <strong>Live tail stopped:</strong> ${l} Reconnect to go on, or narrow the filters.</div>`}
    ${i&&c`<div class="error-message" role="alert"><strong>Live tail failed${i.status?` (${i.status})`:""}</strong>
      <p>${i.message}</p></div>`}
    ${a.length===0&&!u&&c`<p class="muted live-waiting">
      Waiting for new log records that match the filters. Records appear here, newest on top, as Ophion stores them.</p>`}
    <${Br} logs=${a} q=${r} label="Live log records" />
  </section>`}function $g(e,t,n){return t?"Paused":e==="connecting"?"Connecting…":e==="open"?`Live · ${se(n)} records/s`:e==="error"?"Disconnected":"Stopped"}var Eo={new:{tone:"warn",mark:"✦",text:"new"},rising:{tone:"error",mark:"↑",text:"rising"},falling:{tone:"ok",mark:"↓",text:"falling"},gone:{tone:"muted",mark:"∅",text:"gone"},steady:{tone:"muted",mark:"→",text:"steady"}};function No(e){return e.split("<*>").map(t=>t.trim()).sort((t,n)=>n.length-t.length)[0]||""}function wi({text:e}){let t=e.split("<*>");return c`<code class="pattern-template">${t.map((n,r)=>c`${n}${r<t.length-1&&c`<span class="pattern-var" title="varies">${"<*>"}</span>`}`)}</code>`}function kp({data:e,change:t,setChange:n}){let r={};for(let a of e.patterns)r[a.change]=(r[a.change]||0)+1;return c`<div class="pattern-summary">
    <p class="muted">${se(e.lines)} lines in the range follow ${se(e.patterns.length)} patterns;
      compared with the ${se(e.baseline_lines)} lines of the window before it
      (${Ne(q(e.baseline_start_unix_nano))} → ${Ne(q(e.baseline_end_unix_nano))}).
      ${e.sampled&&c` <strong>Sampled:</strong> only the newest lines of a busy window were mined.`}</p>
    <div class="field pattern-filter">
      <label for="pattern-change">Trend</label>
      <select id="pattern-change" name="change" value=${t||""} onChange=${a=>n(a.currentTarget.value)}>
        <option value="">All trends</option>
        ${Object.keys(Eo).map(a=>c`<option value=${a}>${Eo[a].text} (${r[a]||0})</option>`)}
      </select>
    </div>
  </div>`}function Sp({patterns:e}){return c`<div class="table-wrap"><table class="table pattern-table">
    <caption class="sr-only">Log patterns</caption>
    <thead><tr>
      <th scope="col">Trend</th><th scope="col">Pattern</th><th scope="col">Service</th>
      <th scope="col" class="num">Count</th><th scope="col" class="num">Before</th>
      <th scope="col">Severity</th><th scope="col">First seen</th><th scope="col">Last seen</th>
    </tr></thead>
    ${e.map(t=>c`<${yi} key=${t.id} pattern=${t} />`)}
  </table></div>`}var yi=class extends Nn{constructor(){super(),this.state={open:!1}}render({pattern:t},{open:n}){let r=Eo[t.change]||Eo.steady,a=z("/ui/logs",{service:t.service,q:No(t.template)||void 0});return c`<tbody class="pattern-group">
      <tr data-pattern-row data-pattern-id=${t.id} data-change=${t.change}>
        <td><${ce} tone=${r.tone}><span aria-hidden="true">${r.mark} </span>${r.text}<//></td>
        <td class="pattern-cell">
          <button type="button" class="btn-link pattern-toggle" aria-expanded=${n?"true":"false"}
            onClick=${()=>this.setState({open:!n})}>
            <span aria-hidden="true">${n?"▾":"▸"} </span><${wi} text=${t.template} />
          </button>
        </td>
        <td>${t.service}</td>
        <td class="num">${se(t.count)}</td>
        <td class="num muted">${se(t.baseline_count)}</td>
        <td><${ce} tone=${On(t.max_severity)}>${Sa(t.max_severity)}<//></td>
        <td class="nowrap">${t.first_seen_unix_nano?Ne(q(t.first_seen_unix_nano)):"–"}</td>
        <td class="nowrap">${t.last_seen_unix_nano?Ne(q(t.last_seen_unix_nano)):"–"}</td>
      </tr>
      ${n&&c`<tr class="pattern-examples"><td></td><td colspan="7">
        <p class="muted small">Examples · <a href=${a}>show matching logs</a></p>
        <ul class="pattern-example-list">${(t.examples||[]).map(o=>c`<li class="mono">${o}</li>`)}</ul>
      </td></tr>`}
    </tbody>`}};function zn(e,t,n,{enabled:r=!0}={}){let a=oe(e,t,{enabled:r}),o=e+JSON.stringify(t),[s,i]=U(null),l=s&&s.key===o?s:{key:o,items:[],cursor:void 0,loading:!1,error:null},p=a.data?[...a.data[n]||[],...l.items]:void 0,u=l.cursor!==void 0?l.cursor:a.data&&a.data.next_cursor;return{...a,items:p,hasMore:!!u,loadMore:async()=>{if(!(!u||l.loading)){i({...l,loading:!0,error:null});try{let g=await X.get(e,{...t,cursor:u});i(m=>m&&m.key!==o?m:{key:o,items:[...l.items,...g[n]||[]],cursor:g.next_cursor||null,loading:!1,error:null})}catch(g){i(m=>m&&m.key!==o?m:{...l,loading:!1,error:g})}}},loadingMore:l.loading,moreError:l.error}}var Tp=100;function Mp(){let[e]=ut();return e.tab==="patterns"?c`<${xg} />`:e.live==="1"?c`<${_g} />`:c`<${bg} />`}function Po(){let[e,t]=ut(),n={q:e.q,service:e.service,min_severity:e.min_severity,trace_id:e.trace_id};for(let a of ct(e.attr)){let o=a.indexOf("=");o>0&&(n[`attr.${a.slice(0,o)}`]=a.slice(o+1))}return{query:e,setQuery:t,filters:n,addAttr:(a,o)=>{let s=ct(e.attr).filter(i=>!i.startsWith(`${a}=`));t({attr:[...s,`${a}=${o}`],live:null})}}}function bg(){let{query:e,setQuery:t,filters:n,addAttr:r}=Po(),a=Ke(),o=zn("/api/v1/logs",{...n,...a.params,limit:Tp},"logs"),s=oe("/api/v1/logs/histogram",{...n,...a.params,step:a.step}),i=Pe(o,u=>u.logs.length===0),l=(u,f)=>a.setRange({from:String(u),to:String(f)}),p=!!(e.q||e.service||e.min_severity||e.trace_id||e.attr);return c`<${ki} state=${i} active="records">
    <div class="panel log-histogram-panel">
      ${s.error?c`<${J} error=${s.error} title="The histogram failed" retry=${s.reload} />`:s.data?c`<${jr} buckets=${s.data.buckets} onSelectRange=${l} />`:c`<${ee} label="Counting records" />`}
    </div>
    ${i==="loading"&&c`<${ee} label="Searching logs" />`}
    ${i==="error"&&c`<${J} error=${o.error} retry=${o.reload} />`}
    ${i==="empty"&&(p?c`<${Ae} title="No log records match">
          <p>Nothing in this time range matches the filters. Widen the time range in the header,
            or <a href=${z("/ui/logs")}>clear the filters</a>.</p><//>`:c`<${Ae} title="No log records in this time range" sdk=${!0} />`)}
    ${i==="ready"&&c`
      <p class="muted small log-count" role="status">${o.items.length}${o.hasMore?"+":""} records, newest first${e.q&&c` · matches of “${e.q}” marked`}</p>
      <${Br} logs=${o.items.map((u,f)=>({key:`${f}:${u.time_unix_nano}`,log:u}))} q=${e.q} onFilter=${r} />
      <div class="load-more">
        ${o.moreError&&c`<${J} error=${o.moreError} title="Loading more failed" />`}
        ${o.hasMore?c`<button type="button" class="btn" data-action="load-more" disabled=${o.loadingMore}
            onClick=${o.loadMore}>${o.loadingMore?"Loading…":`Load ${Tp} more`}</button>`:c`<p class="muted small">End of the results for this range.</p>`}
      </div>`}
  <//>`}function _g(){let{query:e}=Po(),[t,n]=U(!1),r=yp({service:e.service,q:e.q,min_severity:e.min_severity},t),a=r.status==="connecting"?"loading":r.status==="error"&&!r.rows.length?"error":"ready";return c`<${ki} state=${a} active="records" live=${!0}>
    <${wp} tail=${r} paused=${t} setPaused=${n} q=${e.q} />
  <//>`}function xg(){let{query:e,setQuery:t}=Po(),n=Ke(),r=oe("/api/v1/logs/patterns",{service:e.service,min_severity:e.min_severity,...n.params,limit:200}),a=Pe(r,s=>s.patterns.length===0),o=r.data?r.data.patterns.filter(s=>!e.change||s.change===e.change):[];return c`<${ki} state=${a} active="patterns">
    ${a==="loading"&&c`<${ee} label="Mining log patterns" />`}
    ${a==="error"&&c`<${J} error=${r.error} retry=${r.reload} />`}
    ${a==="empty"&&c`<${Ae} title="No log lines to find patterns in">
      <p>Patterns are mined from the log lines of the time range (and the window before it, to
        tell what is new). Widen the time range, or clear the service and severity filters.</p><//>`}
    ${a==="ready"&&c`
      <${kp} data=${r.data} change=${e.change} setChange=${s=>t({change:s},{replace:!0})} />
      ${o.length?c`<${Sp} patterns=${o} />`:c`<p class="muted">No pattern with that trend in this range.</p>`}`}
  <//>`}function ki({state:e,active:t,live:n=!1,children:r}){let{query:a,setQuery:o}=Po(),s=c`<button type="button" class=${n?"btn btn-primary":"btn"} data-action="live"
      aria-pressed=${n?"true":"false"} onClick=${()=>o({live:n?null:"1",tab:null})}>
    <span class=${n?"live-dot live-open":"live-dot"} aria-hidden="true"></span>${n?"Stop live tail":"Live tail"}
  </button>`,i={...a,tab:void 0,live:void 0,change:void 0};return c`<${me} name="logs" state=${e} title="Logs" actions=${s}
      subtitle=${n?"Following new records as they arrive":"Search log records in the time range"}>
    <${yg} query=${a} setQuery=${o} live=${n} />
    <${Hr} label="Log views" active=${t} tabs=${[{id:"records",label:n?"Live records":"Records",href:Ot("/ui/logs",i)},{id:"patterns",label:"Patterns",href:Ot("/ui/logs",{...i,tab:"patterns"})}]} />
    ${r}
  <//>`}function yg({query:e,setQuery:t,live:n}){let r=Ke(),[a,o]=U(e.q||"");re(()=>o(e.q||""),[e.q]);let s=oe("/api/v1/services",r.params),i=(s.data?s.data.services.map(u=>u.name):[]).sort();e.service&&!i.includes(e.service)&&i.unshift(e.service);let l=u=>{u.preventDefault(),t({q:a.trim()||null})},p=[...e.trace_id?[{label:`trace ${e.trace_id.slice(0,12)}…`,clear:{trace_id:null}}]:[],...ct(e.attr).map(u=>({label:u,clear:{attr:ct(e.attr).filter(f=>f!==u)}}))];return c`<form class="toolbar log-filters" role="search" aria-label="Log filters" onSubmit=${l}>
    <div class="field grow">
      <label for="logs-q">Search the log body</label>
      <input id="logs-q" type="search" name="q" data-search placeholder="Text in the body, any case  ( / )"
        value=${a} onInput=${u=>o(u.currentTarget.value)} />
    </div>
    <div class="field">
      <label for="logs-service">Service</label>
      <select id="logs-service" name="service" value=${e.service||""}
          onChange=${u=>t({service:u.currentTarget.value||null})}>
        <option value="">All services</option>
        ${i.map(u=>c`<option value=${u}>${u}</option>`)}
      </select>
    </div>
    <div class="field">
      <label for="logs-severity">Minimum severity</label>
      <select id="logs-severity" name="min_severity" value=${e.min_severity||""}
          onChange=${u=>t({min_severity:u.currentTarget.value||null})}>
        <option value="">Any severity</option>
        ${Ao.map(u=>c`<option value=${u.name}>${u.name} and above</option>`)}
        ${e.min_severity&&!Ao.some(u=>u.name===e.min_severity)&&c`<option value=${e.min_severity}>${e.min_severity} and above</option>`}
      </select>
    </div>
    <button type="submit" class="btn btn-primary">Search</button>
    ${p.length>0&&c`<div class="filter-chips" aria-label="Other filters">
      ${p.map(u=>c`<span class="chip">${u.label}
        <button type="button" class="chip-x" aria-label=${`Remove filter ${u.label}`} onClick=${()=>t(u.clear)}>×</button>
      </span>`)}
      ${n&&c`<span class="muted small">(live tail filters by text, service and severity only)</span>`}
    </div>`}
  </form>`}function yn(e,t=n=>n.value){let n=new Set;for(let s of e)for(let i of s.points)n.add(Math.round(Number(i.time_unix_nano)/1e6));let r=[...n].sort((s,i)=>s-i),a=new Map(r.map((s,i)=>[s,i])),o=e.map(({points:s,...i})=>{let l=new Array(r.length).fill(null);for(let p of s)l[a.get(Math.round(Number(p.time_unix_nano)/1e6))]=t(p)??null;return{...i,values:l}});return{x:r,series:o}}var Ap=["B","KiB","MiB","GiB","TiB"];function wg(e){let t=Math.abs(e),n=0;for(;t>=1024&&n<Ap.length-1;)t/=1024,n+=1;return`${e<0?"-":""}${+t.toPrecision(3)} ${Ap[n]}`}function be(e){if(e==null||!Number.isFinite(e))return"–";let t=Math.abs(e);return t>=1e9?`${+(e/1e9).toFixed(2)}G`:t>=1e6?`${+(e/1e6).toFixed(2)}M`:t>=1e4?`${+(e/1e3).toFixed(1)}k`:t>=100||t===0?String(Math.round(e*10)/10):String(+e.toPrecision(3))}function Un(e,t){if(t==="rate")return n=>n==null?"":`${be(n)}/s`;if(t==="count")return be;switch(e){case"By":return n=>n==null?"":wg(n);case"ms":return n=>n==null?"":ue(n);case"s":return n=>n==null?"":ue(n*1e3);case"us":return n=>n==null?"":ue(n/1e3);case"ns":return n=>n==null?"":ue(n/1e6);case"1":return n=>n==null?"":Ge(n);case"%":return n=>n==null?"":`${be(n)}%`;default:return n=>n==null?"":be(n)}}async function Ro(e,t,n){let{points:r}=await X.get("/api/v1/metrics",{name:e,start:t.start,end:t.end,limit:1},{signal:n}),a=r[0];return a?a.kind.includes("histogram")||a.kind==="summary"?"p95":a.kind==="sum"&&a.is_monotonic?"rate":"avg":"avg"}var kg=["auto","avg","sum","min","max","count","rate","p50","p90","p95","p99"],Sg=["auto","10s","30s","1m","5m","15m","1h","6h","1d"];function Cp(){let[e,t]=ut(),n=Ke(),r=oe("/api/v1/metrics/names",n.params),a=ct(e.name),[o,s]=U(""),i=r.data?r.data.metrics:[],l=a.length?r.error?"error":"ready":Pe(r,f=>f.metrics.length===0),p=f=>t({name:[...new Set(f)]}),u=i.filter(f=>!o||f.name.toLowerCase().includes(o.toLowerCase()));return c`<${me} name="metrics" state=${l} title="Metrics"
      subtitle="Chart any metric Ophion stores, several on one chart">
    <div class="toolbar metric-picker">
      <div class="field grow">
        <label for="metric-filter">Find a metric</label>
        <input id="metric-filter" type="search" data-search placeholder="Filter by name  ( / )"
          value=${o} onInput=${f=>s(f.currentTarget.value)} />
      </div>
      <div class="field grow">
        <label for="metric-add">Add a metric to the chart</label>
        <select id="metric-add" name="metric" value="" onChange=${f=>{f.currentTarget.value&&p([...a,f.currentTarget.value]),f.currentTarget.value=""}}>
          <option value="">${u.length?`Choose one of ${u.length} metrics…`:"No metric matches"}</option>
          ${u.filter(f=>!a.includes(f.name)).map(f=>c`<option value=${f.name}>${f.name} (${f.kind}${f.unit?`, ${f.unit}`:""})</option>`)}
        </select>
      </div>
    </div>
    ${l==="loading"&&c`<${ee} label="Reading metric names" />`}
    ${r.error&&c`<${J} error=${r.error} retry=${r.reload} />`}
    ${l==="empty"&&c`<${Tg} />`}
    ${a.length>0&&c`<${Ag} names=${a} metrics=${i} query=${e}
      setQuery=${t} setNames=${p} range=${n} />`}
    ${!a.length&&l==="ready"&&c`<${Mg} metrics=${u} total=${i.length}
      onChart=${f=>p([f])} />`}
  <//>`}function Tg(){let e=location.origin;return c`<${Ae} title="No metrics in this time range" sdk=${!0}>
    <p>Metrics arrive over OTLP like traces and logs, or as JSON:</p>
    <pre class="code"><code>curl -X POST ${e}/api/v1/metrics/ingest -H 'content-type: application/json' \\
  -d '{"name": "queue.depth", "value": 42, "service": "checkout", "labels": {"queue": "orders"}}'</code></pre>
  <//>`}function Mg({metrics:e,total:t,onChart:n}){return c`<${he} flush=${!0} title=${`${se(t)} metrics in this time range`}>
    ${e.length===0?c`<p class="muted">No metric name matches the filter.</p>`:c`<div class="table-wrap">
    <table class="table metric-catalogue">
      <caption class="sr-only">Metrics</caption>
      <thead><tr><th scope="col">Metric</th><th scope="col">Kind</th><th scope="col">Unit</th>
        <th scope="col">Description</th><th scope="col" class="num">Points</th><th scope="col">Last seen</th></tr></thead>
      <tbody>${e.map(r=>c`<tr data-metric=${r.name}>
        <td><button type="button" class="btn-link mono" onClick=${()=>n(r.name)}
          aria-label=${`Chart ${r.name}`}>${r.name}</button></td>
        <td><${ce} tone="muted">${r.kind}<//></td>
        <td class="mono">${r.unit||"–"}</td>
        <td class="muted">${r.description}</td>
        <td class="num">${se(r.point_count)}</td>
        <td class="nowrap">${Ft(q(r.last_seen_unix_nano))}</td>
      </tr>`)}</tbody>
    </table></div>`}
  <//>`}function Ag({names:e,metrics:t,query:n,setQuery:r,setNames:a,range:o}){let s=n.agg||"auto",i=n.step&&n.step!=="auto"?n.step:o.step,l={service:n.service};for(let v of ct(n.attr)){let _=v.indexOf("=");_>0&&(l[`attr.${v.slice(0,_)}`]=v.slice(_+1))}let p=Object.fromEntries(t.map(v=>[v.name,v])),u=Ng(e,s,{...l,...o.params,step:i}),f=(v,_)=>o.setRange({from:String(v),to:String(_)}),g=u.series.filter(v=>v.points),{x:m,series:y}=yn(g.map(v=>({label:`${v.name} · ${v.fn}`,points:v.points}))),$=(p[e[0]]||{}).unit||"",w=Un($,g[0]&&g[0].fn);return c`<div class="stack">
    <div class="series-chips" aria-label="Charted metrics">
      ${e.map(v=>c`<span class="chip">${v}
        <button type="button" class="chip-x" aria-label=${`Remove ${v}`} onClick=${()=>a(e.filter(_=>_!==v))}>×</button>
      </span>`)}
    </div>
    <${Cg} query=${n} setQuery=${r} agg=${s} />
    <${he} title=${e.length===1?e[0]:`${e.length} metrics`}
        actions=${c`<span class="muted">step ${i}${$&&$!=="1"?` · ${$}`:""}</span>`}>
      ${u.series.map(v=>v.error&&c`<${J} error=${v.error} title=${`${v.name} failed`} />`)}
      ${u.loading&&!g.length?c`<${ee} label="Reading series" />`:m.length?c`<${dt} title="Drag across the chart to zoom" x=${m} series=${y} height=${320}
            yFormat=${w} onSelectRange=${f} />`:c`<p class="muted empty-chart">No data points in this time range for these filters. Widen the time range or remove filters.</p>`}
    <//>
    ${g.length>0&&c`<${Eg} series=${y} yFormat=${w} />`}
  </div>`}function Cg({query:e,setQuery:t,agg:n}){let[r,a]=U(""),[o,s]=U("");return c`<form class="toolbar metric-controls" onSubmit=${l=>{if(l.preventDefault(),!/^[^=\s]+=.+$/.test(r.trim())){s("Write key=value, e.g. host=web-1");return}s(""),t({attr:[...ct(e.attr),r.trim()]}),a("")}} aria-label="Series options">
    <div class="field">
      <label for="metric-agg">Aggregation</label>
      <select id="metric-agg" name="agg" value=${n} onChange=${l=>t({agg:l.currentTarget.value==="auto"?null:l.currentTarget.value})}>
        ${kg.map(l=>c`<option value=${l}>${l==="auto"?"auto (by kind)":l}</option>`)}
      </select>
    </div>
    <div class="field">
      <label for="metric-step">Step</label>
      <select id="metric-step" name="step" value=${e.step||"auto"} onChange=${l=>t({step:l.currentTarget.value==="auto"?null:l.currentTarget.value})}>
        ${Sg.map(l=>c`<option value=${l}>${l}</option>`)}
      </select>
    </div>
    <div class="field">
      <label for="metric-service">Service</label>
      <input id="metric-service" name="service" placeholder="any" value=${e.service||""}
        onChange=${l=>t({service:l.currentTarget.value.trim()||null})} />
    </div>
    <div class="field grow">
      <label for="metric-attr">Attribute filter</label>
      <input id="metric-attr" name="attr" placeholder="key=value, then Enter" value=${r}
        aria-invalid=${o?"true":void 0} aria-describedby=${o?"metric-attr-error":void 0}
        onInput=${l=>a(l.currentTarget.value)} />
      ${o&&c`<p class="field-error" id="metric-attr-error">${o}</p>`}
    </div>
    <button type="submit" class="btn">Add filter</button>
    ${ct(e.attr).length>0&&c`<div class="filter-chips" aria-label="Attribute filters">
      ${ct(e.attr).map(l=>c`<span class="chip">${l}
        <button type="button" class="chip-x" aria-label=${`Remove filter ${l}`}
          onClick=${()=>t({attr:ct(e.attr).filter(p=>p!==l)})}>×</button></span>`)}
    </div>`}
  </form>`}function Eg({series:e,yFormat:t}){let n=e.map(a=>{let o=a.values.filter(s=>s!=null);return{label:a.label,min:Math.min(...o),max:Math.max(...o),avg:o.reduce((s,i)=>s+i,0)/(o.length||1),last:o[o.length-1],n:o.length}}),r=a=>Number.isFinite(a)?t(a):"–";return c`<div class="table-wrap panel"><table class="table dense">
    <caption class="sr-only">Series summary</caption>
    <thead><tr><th scope="col">Series</th><th scope="col" class="num">Min</th><th scope="col" class="num">Avg</th>
      <th scope="col" class="num">Max</th><th scope="col" class="num">Last</th><th scope="col" class="num">Points</th></tr></thead>
    <tbody>${n.map(a=>c`<tr><td class="mono">${a.label}</td><td class="num">${r(a.min)}</td>
      <td class="num">${r(a.avg)}</td><td class="num">${r(a.max)}</td><td class="num">${r(a.last)}</td>
      <td class="num">${se(a.n)}</td></tr>`)}</tbody>
  </table></div>`}function Ng(e,t,n){let r=JSON.stringify([e,t,n]),[a,o]=U({key:null,series:[]});return re(()=>{let s=new AbortController,i=s.signal;return o(l=>({key:r,loading:!0,series:l.series.filter(p=>e.includes(p.name))})),Promise.all(e.map(async l=>{let p=encodeURIComponent(l);try{let u=t==="auto"?await Ro(l,n,i):t,f=await X.get(`/api/v1/metrics/series/${p}`,{...n,fn:u},{signal:i});return{name:l,fn:u,points:f.points}}catch(u){if(u.name==="AbortError")throw u;return{name:l,fn:t,error:u}}})).then(l=>o({key:r,loading:!1,series:l}),()=>{}),()=>s.abort()},[r]),a}var Si={anomaly:{label:"Anomaly",plural:"Anomalies",icon:"⚡"},log_pattern:{label:"Log pattern",plural:"Log patterns",icon:"≡"},capacity:{label:"Capacity",plural:"Capacity",icon:"◔"},tip:{label:"Tip",plural:"Tips",icon:"✎"}},Pg={critical:"error",warning:"warn",info:"info"};function Lo({severity:e}){return c`<${ce} tone=${Pg[e]||"muted"}>${e}<//>`}function Do({kind:e}){let t=Si[e]||{label:e,icon:"•"};return c`<span class="kind-badge"><span aria-hidden="true">${t.icon} </span>${t.label}</span>`}function Ta({text:e}){return e.split("`").map((t,n)=>n%2?c`<code>${t}</code>`:t)}function Ti(e,t=Date.now()){let n=e-t,r=Math.abs(n),a=r<36e5?`${Math.round(r/6e4)} min`:r<2*864e5?`${+(r/36e5).toFixed(1)} h`:`${+(r/864e5).toFixed(1)} days`;return n>=0?`in ${a}`:`${a} ago`}var Mi=e=>z(`/ui/services/${encodeURIComponent(e)}`);function Ep({causes:e,window:t}){return e.length?c`<ol class="root-causes">${e.map((n,r)=>c`<li class="root-cause" data-rank=${r+1}>
    <div class="cause-head">
      <span class="cause-rank" aria-hidden="true">${r+1}</span>
      <a class="cause-service" href=${Mi(n.service)}>${n.service}</a>
      ${n.operation&&c`<code class="cause-op">${n.operation}</code>`}
      <span class="cause-score" title="Score from 0 to 1">
        <meter min="0" max="1" value=${n.score} aria-label=${`Score ${be(n.score)}`}></meter> ${be(n.score)}
      </span>
    </div>
    <div class="cause-figures">
      ${n.operation&&c`<span>self p95 ${ue(n.baseline_self_p95_ms)} → <strong>${ue(n.window_self_p95_ms)}</strong></span>
      <span>own errors ${Ge(n.baseline_own_error_rate)} → <strong>${Ge(n.window_own_error_rate)}</strong></span>`}
      ${(n.baseline_error_logs_per_span>0||n.window_error_logs_per_span>0)&&c`<span>error log lines per span ${be(n.baseline_error_logs_per_span)} → <strong>${be(n.window_error_logs_per_span)}</strong></span>`}
      ${(n.new_versions||[]).map(a=>c`<${ce} tone="warn">new version ${a}<//>`)}
    </div>
    ${n.cpu_rises&&n.cpu_rises.length>0&&c`<p class="small cpu-rises"><span class="muted">CPU against the hour before: </span>
      ${n.cpu_rises.slice(0,3).map((a,o)=>c`${o>0&&"; "}<span title=${a.metric}>${a.instance||n.service}
        ${be(a.history_median)} → <strong>${be(a.window_peak)}</strong></span>`)}</p>`}
    ${n.new_log_templates&&n.new_log_templates.length>0&&c`<p class="small new-log-templates"><span class="muted">New in its logs: </span>
      ${n.new_log_templates.map((a,o)=>c`${o>0&&"; "}<code>${a}</code>`)}</p>`}
    ${n.call_path&&n.call_path.length>1&&c`<p class="cause-path small"><span class="muted">Call path: </span>
      ${n.call_path.map((a,o)=>c`${o>0&&c`<span aria-hidden="true" class="muted"> → </span>`}<a href=${Mi(a)}>${a}</a>`)}</p>`}
    ${n.affected_callers&&n.affected_callers.length>0&&c`<p class="small"><span class="muted">Callers it slowed or failed: </span>
      ${n.affected_callers.map((a,o)=>c`${o>0&&", "}<a href=${Mi(a)}>${a}</a>`)}</p>`}
    ${n.anomalous_series&&n.anomalous_series.length>0&&c`<p class="small"><span class="muted">Anomalous series: </span>${n.anomalous_series.join("; ")}</p>`}
    ${n.evidence&&n.evidence.length>0&&c`<ul class="cause-evidence">${n.evidence.map(a=>c`<li>${a}</li>`)}</ul>`}
    <p class="cause-links small">
      <a href=${z("/ui/traces",{service:n.service,operation:n.operation||void 0,...t})}>Traces of ${n.operation||n.service} in the window</a>
      <span aria-hidden="true"> · </span>
      <a href=${z("/ui/traces",{service:n.service,status:"error",...t})}>Its error traces</a>
      <span aria-hidden="true"> · </span>
      <a href=${z("/ui/logs",{service:n.service,min_severity:"warn",...t})}>Its warnings and errors</a>
    </p>
  </li>`)}</ol>`:c`<p class="muted">Nothing in the traces and logs of this window changed enough to stand out
      against the window before it: no service's own latency, errors, error logs or CPU rose, and no new version appeared.</p>`}var Rg=3e5,Lg=36,Np=[{name:"request rate (spans/s)",value:(e,t)=>e.span_count/t,unit:"rate"},{name:"error rate",value:e=>e.span_count?e.error_count/e.span_count:null,unit:"1"},{name:"p50 latency (ms)",value:e=>e.p50_ms,unit:"ms"},{name:"p95 latency (ms)",value:e=>e.p95_ms,unit:"ms"},{name:"p99 latency (ms)",value:e=>e.p99_ms,unit:"ms"}];function Dg(e){if(!e.service)return{metric:e.subject};let t=e.subject.startsWith(`${e.service} `)?e.subject.slice(e.service.length+1):"",n=Np.find(r=>r.name===t);return n?{service:e.service,red:n}:{operation:!0,red:Np.find(r=>t.endsWith(r.name))}}function Pp({insight:e}){let t=e.evidence,n=t.observed||[],r=Og(n),a=Dg(e),o=Ig(e,a,r),s=a.red?a.red.unit:o.unit,i=Un(s==="rate"?"":s,s==="rate"?"rate":void 0),l=t.peak||{};return c`
    <div class="stats">
      <${de} label="Peak" value=${i(l.value)} tone="error" hint=${l.time_unix_nano?Ne(q(l.time_unix_nano)):""} />
      <${de} label="Expected" value=${i(l.expected)} hint=${`band ${i(l.lower)} to ${i(l.upper)}`} />
      ${t.deviation_in_bands==null?c`<${de} label="Deviation" value="—" hint="the series never varied before: its band has no width" />`:c`<${de} label="Deviation" value=${`${be(t.deviation_in_bands)}×`} hint="the band's half-width" />`}
      <${de} label="Anomaly score" value=${be(l.score)} />
      <${de} label="Points out of band" value=${se(n.length)} hint=${`step ${Math.round(r/6e4)} min`} />
    </div>
    <${he} title=${e.subject} actions=${c`<span class="muted">observed · expected · normal band</span>`}>
      ${o.loading?c`<${ee} label="Reading the series" />`:c`
        ${o.error&&c`<p class="muted small">The history around the episode could not be read (${o.error.message}); the evidence alone is shown.</p>`}
        <${Fg} observed=${n} history=${o.points} yFormat=${i} />`}
      ${a.operation&&c`<p class="muted small">This series is one operation's; the chart shows the evidence the engine kept.</p>`}
    <//>
    <${zg} insight=${e} />
    <${Ug} related=${t.related_series||[]} />`}function Og(e){let t=1/0;for(let n=1;n<e.length;n++)t=Math.min(t,q(e[n].time_unix_nano)-q(e[n-1].time_unix_nano));return Number.isFinite(t)&&t>0?t:Rg}function Ig(e,t,n){let[r,a]=U({loading:!0,points:[],unit:""});return re(()=>{if(t.operation){a({loading:!1,points:[]});return}let o=new AbortController,s=o.signal,i=Math.floor((q(e.start_unix_nano)-Lg*n)/n)*n,l=Math.min(Date.now(),q(e.end_unix_nano)+6*n),p=`${n}ms`;return(t.metric?(async()=>{let f=await Ro(t.metric,{start:i,end:l},s),[g,m]=await Promise.all([X.get(`/api/v1/metrics/series/${encodeURIComponent(t.metric)}`,{start:i,end:l,step:p,fn:f},{signal:s}),X.get("/api/v1/metrics/names",{start:i,end:l},{signal:s})]),y=m.metrics.find($=>$.name===t.metric);return{points:g.points.map($=>({t:q($.time_unix_nano),v:$.value})),unit:f==="rate"?"rate":y?y.unit:""}})():X.get(`/api/v1/services/${encodeURIComponent(t.service)}/series`,{start:i,end:l,step:p},{signal:s}).then(f=>({points:f.points.map(g=>({t:q(g.time_unix_nano),v:t.red.value(g,f.step_ms/1e3)}))}))).then(f=>a({loading:!1,...f}),f=>{f.name!=="AbortError"&&a({loading:!1,points:[],error:f})}),()=>o.abort()},[e.id,e.updated_unix_nano]),r}function Fg({observed:e,history:t,yFormat:n}){let r=new Set(t.map(m=>m.t));for(let m of e)r.add(q(m.time_unix_nano));let a=[...r].sort((m,y)=>m-y),o=new Map(a.map((m,y)=>[m,y])),s=()=>new Array(a.length).fill(null),[i,l,p,u,f]=[s(),s(),s(),s(),s()];for(let m of t)i[o.get(m.t)]=m.v;for(let m of e){let y=o.get(q(m.time_unix_nano));i[y]==null&&(i[y]=m.value),[l[y],p[y],u[y],f[y]]=[m.expected,m.upper,m.lower,m.value]}return c`<${dt} title="The series, the band the detector expected, and the points that left it"
    x=${a} series=${[{label:"observed",values:i,color:"--chart-1"},{label:"expected",values:l,color:"--ok",dash:[6,4]},{label:"band upper",values:p,color:"--ok",width:.75},{label:"band lower",values:u,color:"--ok",width:.75},{label:"out of band",values:f,color:"--error",width:2.5,points:!0}]} bands=${[{upper:2,lower:3}]} height=${300} yFormat=${n} />`}function zg({insight:e}){let t=e.evidence.root_causes,n=Math.floor(q(e.start_unix_nano)),r=Math.max(Math.ceil(q(e.end_unix_nano)),n+6e4),a=oe(t?null:"/api/v1/rca",{start:n,end:r,limit:5}),o=t||a.data&&a.data.causes,s={from:String(n),to:String(r)};return c`<${he} title="Likely root causes"
      actions=${c`<span class="muted">${t?"ranked when the anomaly was found":"ranked now over the anomaly’s window"}</span>`}>
    ${a.loading&&c`<${ee} label="Ranking root causes" />`}
    ${a.error&&c`<${J} error=${a.error} retry=${a.reload} title="Root-cause analysis failed" />`}
    ${o&&c`<${Ep} causes=${o} window=${s} />`}
  <//>`}function Ug({related:e}){return e.length?c`<${he} title="Series that moved at the same time">
    <div class="table-wrap"><table class="table dense">
      <caption class="sr-only">Related series</caption>
      <thead><tr><th scope="col">Series</th><th scope="col">Service</th>
        <th scope="col" class="num">Points out of band</th><th scope="col" class="num">Highest score</th></tr></thead>
      <tbody>${e.map(t=>c`<tr>
        <td class="mono">${t.series}</td>
        <td>${t.service?c`<a href=${z(`/ui/services/${encodeURIComponent(t.service)}`)}>${t.service}</a>`:c`<a href=${z("/ui/metrics",{name:t.series})}>chart it</a>`}</td>
        <td class="num">${se(t.anomalous_points)}</td>
        <td class="num">${be(t.max_score)}</td>
      </tr>`)}</tbody>
    </table></div>
  <//>`:null}var Hg=864e5;function Vg(e,t){let n=e&&(e.latest_unix_nano||e.expected_unix_nano),r=n?(q(n)-t)/Hg*1.25:7;return Math.min(366,Math.max(1,Math.ceil(r)))}var Rp=e=>e?`${Ne(q(e))} (${Ti(q(e))})`:"not within the horizon";function Lp({insight:e}){let t=e.evidence,n=t.crossing||{},r=Date.now(),a=oe("/api/v1/forecast",{metric:t.metric,threshold:t.threshold,horizon:`${Vg(n,r)}d`}),o=a.data;return c`
    <div class="stats">
      <${de} label="Now" value=${be(t.last_value)} />
      <${de} label="Threshold" value=${be(t.threshold)} />
      <${de} label="Trend per day" value=${`${t.slope_per_day>=0?"+":""}${be(t.slope_per_day)}`} />
      <${de} label="Expected to reach it" value=${n.expected_unix_nano?Ne(q(n.expected_unix_nano)):"–"}
        tone="warn" hint=${n.expected_unix_nano?Ti(q(n.expected_unix_nano)):""} />
    </div>
    <${he} title=${`${t.metric}: history and forecast`}
        actions=${c`<a href=${z("/ui/metrics",{name:t.metric})}>Open in Metrics</a>`}>
      ${a.loading&&c`<${ee} label="Forecasting" />`}
      ${a.error&&c`<${J} error=${a.error} retry=${a.reload} title="The forecast failed" />`}
      ${o&&c`<${Wg} data=${o} threshold=${t.threshold} />
        <p class="muted small">${`Model ${o.forecast.method}, fitted on ${o.forecast.fitted_points} points; ${Math.round(o.forecast.confidence*100)}% prediction interval. The interval reaches the threshold between ${Rp(n.earliest_unix_nano)} and ${Rp(n.latest_unix_nano)}.`}</p>`}
    <//>`}function Wg({data:e,threshold:t}){let n=e.history.map(g=>[q(g.time_unix_nano),g.value]),r=e.forecast.points,a=n.length+r.length,o=[...n.map(([g])=>g),...r.map(g=>q(g.time_unix_nano))],s=()=>new Array(a).fill(null),[i,l,p,u]=[s(),s(),s(),s()];n.forEach(([,g],m)=>{i[m]=g}),r.forEach((g,m)=>{let y=n.length+m;[l[y],p[y],u[y]]=[g.value,g.upper,g.lower]}),n.length&&r.length&&(l[n.length-1]=i[n.length-1]);let f=[{label:"history",values:i,color:"--chart-1"},{label:"forecast",values:l,color:"--chart-5",dash:[6,4]},{label:"upper",values:p,color:"--chart-5",width:.5},{label:"lower",values:u,color:"--chart-5",width:.5},{label:`threshold ${be(t)}`,values:o.map(()=>t),color:"--error",dash:[2,3]}];return c`<${dt} title="History, forecast, its interval, and the threshold" x=${o} series=${f}
    bands=${[{upper:2,lower:3}]} height=${300} yFormat=${be} />`}var Oo=6e4;function Ai({id:e}){let t=oe(`/api/v1/insights/${encodeURIComponent(e)}`),n=t.data,r=Pe(t);return c`<${me} name="insight" state=${r} title=${n?n.title.replaceAll("`",""):"Insight"}
      subtitle=${n&&c`<${Bg} insight=${n} />`}>
    <nav class="crumbs" aria-label="Breadcrumb"><a href=${z("/ui/insights")}>← All insights</a></nav>
    ${r==="loading"&&c`<${ee} label="Reading the insight" />`}
    ${r==="error"&&c`<${J} error=${t.error} retry=${t.error.status===404?void 0:t.reload}
      title=${t.error.status===404?"No such insight":"The insight could not be read"} />
      ${t.error.status===404&&c`<p class="muted">Insights are kept in memory for a while; this one may have
        expired or belong to another tenant. <a href=${z("/ui/insights")}>See the current insights</a>.</p>`}`}
    ${n&&c`<div class="stack insight-detail" data-insight-id=${n.id} data-kind=${n.kind}>
      <p class="insight-lead"><${Ta} text=${n.summary} /></p>
      <${jg} insight=${n} />
      <details class="panel raw-evidence">
        <summary>Evidence as the engine recorded it (JSON)</summary>
        <pre class="code">${JSON.stringify(n.evidence,null,2)}</pre>
      </details>
    </div>`}
  <//>`}function Bg({insight:e}){return c`<span class="insight-meta-line">
    <${Lo} severity=${e.severity} /> <${Do} kind=${e.kind} />
    ${e.service&&c` · service <a href=${z(`/ui/services/${encodeURIComponent(e.service)}`)}>${e.service}</a>`}
    ${` · ${Ne(q(e.start_unix_nano))} → ${Ne(q(e.end_unix_nano))} · updated ${Ft(q(e.updated_unix_nano))}`}
  </span>`}function jg({insight:e}){switch(e.kind){case"anomaly":return c`<${Pp} insight=${e} />`;case"capacity":return c`<${Lp} insight=${e} />`;case"log_pattern":return c`<${qg} insight=${e} />`;case"tip":return c`<${Yg} insight=${e} />`;default:return null}}function Dp(e,t){let n=Math.floor(q(e.start_unix_nano)-5*Oo),r=Math.ceil(q(e.end_unix_nano)+5*Oo);return Ot("/ui/logs",{...t,from:n,to:r})}function qg({insight:e}){let t=e.evidence,n=No(t.template||""),r=Math.floor(q(e.start_unix_nano)-60*Oo),a=Math.ceil(Math.min(Date.now(),q(e.end_unix_nano)+30*Oo)),o=oe("/api/v1/logs/histogram",{service:e.service,q:n||void 0,start:r,end:a});return c`
    <div class="stats">
      <${de} label="Lines in the episode" value=${se(t.lines)} tone="error" />
      <${de} label="In the last step" value=${se(t.lines_in_last_step)} />
      <${de} label="Usual per step" value=${se(t.usual_lines_per_step)} />
      <${de} label="Highest severity" value=${Sa(t.max_severity)} />
      <${de} label="First seen" value=${t.first_seen_unix_nano?Ft(q(t.first_seen_unix_nano)):"–"}
        hint=${t.first_seen_unix_nano?Ne(q(t.first_seen_unix_nano)):""} />
    </div>
    <${he} title="Template" actions=${c`<a href=${Dp(e,{service:e.service,q:n})}>Show these logs</a>
        <a href=${z("/ui/logs",{tab:"patterns",service:e.service})}>All patterns of ${e.service}</a>`}>
      <p><${wi} text=${t.template||""} /></p>
      <h3 class="subhead">Examples</h3>
      <ul class="pattern-example-list">${(t.examples||[]).map(s=>c`<li class="mono">${s}</li>`)}</ul>
    <//>
    <${he} title="Matching log lines around the episode">
      ${o.error?c`<${J} error=${o.error} />`:o.data?c`<${jr} buckets=${o.data.buckets} />`:c`<${ee} label="Counting lines" />`}
    <//>`}var Kg=[["call","Repeated call"],["parent_operation","Inside"],["max_repetitions","Most repetitions in one trace"],["traces_affected","Traces affected"],["statement","Statement"],["executions","Executions"],["p95_ms","p95",e=>ue(e)],["total_ms","Total time",e=>ue(e)],["caller","Caller"],["callee","Callee"],["calls_per_trace","Calls per trace",e=>se(+Number(e).toFixed(1))],["max_calls_in_one_trace","Most calls in one trace"],["traces","Traces"],["largest_attribute","Largest attribute"],["max_attribute_bytes","Its size",e=>`${se(e)} bytes`],["metric","Metric"],["attribute","Attribute"],["distinct_values_at_least","Distinct values (at least)"],["examples","Examples",e=>e.join(", ")],["template","Template"],["lines","Lines"],["service_lines","Lines of the service"],["share","Share of the service",e=>Ge(e)]],Gg={n_plus_one:"N+1 calls",slow_statement:"Slow repeated statement",chatty_services:"Chatty service calls",huge_attributes:"Huge span attributes",attribute_cardinality:"High-cardinality metric attribute",noisy_log_template:"Noisy log template"};function Yg({insight:e}){let t=e.evidence,n=Kg.filter(([o])=>t[o]!=null),r=t.example_trace_id,a=t.parent_operation;return c`<${he} title=${`Tip: ${Gg[t.rule]||(t.rule||"optimization").replaceAll("_"," ")}`}
      actions=${c`${r&&c`<a href=${z(`/ui/traces/${r}`)} data-action="example-trace">Open an example trace</a>`}
        ${e.service&&c`<a href=${z("/ui/traces",{service:e.service,operation:a})}>Traces of ${a||e.service}</a>`}
        ${t.template&&c`<a href=${Dp(e,{service:e.service,q:No(t.template)})}>Show these logs</a>`}`}>
    <dl class="tip-figures">${n.map(([o,s,i])=>c`<div class="kv-row">
      <dt>${s}</dt><dd class=${o==="statement"||o==="call"||o==="template"?"mono":""}>${i?i(t[o]):String(t[o])}</dd>
    </div>`)}</dl>
  <//>`}function Op(){let[e,t]=ut(),n=Ke(),r={kind:e.kind,service:e.service,severity:e.severity},a=zn("/api/v1/insights",{...r,...n.params,limit:50},"insights"),o=Pe(a,i=>i.insights.length===0),s={...e,kind:void 0};return c`<${me} name="insights" state=${o} title="Insights"
      subtitle="What Ophion's engine noticed: anomalies, error log patterns, capacity forecasts and tips">
    <${Hr} label="Kinds of insight" active=${e.kind||"all"} tabs=${[{id:"all",label:"All",href:Ot("/ui/insights",s)},...Object.entries(Si).map(([i,l])=>({id:i,label:l.plural,href:Ot("/ui/insights",{...s,kind:i})}))]} />
    <${Jg} query=${e} setQuery=${t} range=${n} />
    ${o==="loading"&&c`<${ee} label="Reading insights" />`}
    ${o==="error"&&c`<${J} error=${a.error} retry=${a.reload} />`}
    ${o==="empty"&&c`<${Zg} filtered=${!!(e.kind||e.service||e.severity)} range=${n} />`}
    ${o==="ready"&&c`<ul class="insight-feed" aria-label="Insights">
      ${a.items.map(i=>c`<${Qg} key=${i.id} insight=${i} />`)}
    </ul>
    <div class="load-more">
      ${a.moreError&&c`<${J} error=${a.moreError} title="Loading more failed" />`}
      ${a.hasMore&&c`<button type="button" class="btn" data-action="load-more" disabled=${a.loadingMore}
        onClick=${a.loadMore}>${a.loadingMore?"Loading…":"Load more"}</button>`}
    </div>`}
  <//>`}function Qg({insight:e}){return c`<li class=${`insight-item sev-${e.severity}`} data-insight-id=${e.id} data-kind=${e.kind}>
    <div class="insight-head">
      <${Lo} severity=${e.severity} />
      <${Do} kind=${e.kind} />
      <a class="insight-title" href=${z(`/ui/insights/${e.id}`)}><${Ta} text=${e.title} /></a>
    </div>
    <p class="insight-summary"><${Ta} text=${e.summary} /></p>
    <p class="insight-meta muted small">
      ${e.service&&c`<a href=${z(`/ui/services/${encodeURIComponent(e.service)}`)}>${e.service}</a> · `}
      ${`${Ne(q(e.start_unix_nano))} → ${Ne(q(e.end_unix_nano))} · updated ${Ft(q(e.updated_unix_nano))}`}
    </p>
  </li>`}function Jg({query:e,setQuery:t,range:n}){let r=oe("/api/v1/services",n.params),a=(r.data?r.data.services.map(o=>o.name):[]).sort();return e.service&&!a.includes(e.service)&&a.unshift(e.service),c`<div class="toolbar insight-filters" role="group" aria-label="Insight filters">
    <div class="field">
      <label for="insight-service">Service</label>
      <select id="insight-service" name="service" value=${e.service||""}
          onChange=${o=>t({service:o.currentTarget.value||null})}>
        <option value="">All services</option>
        ${a.map(o=>c`<option value=${o}>${o}</option>`)}
      </select>
    </div>
    <div class="field">
      <label for="insight-severity">Severity</label>
      <select id="insight-severity" name="severity" value=${e.severity||""}
          onChange=${o=>t({severity:o.currentTarget.value||null})}>
        <option value="">Any severity</option>
        <option value="warning">warning and critical</option>
        <option value="critical">critical only</option>
      </select>
    </div>
  </div>`}function Zg({filtered:e,range:t}){return c`<${Ae} title=${e?"No insight matches these filters":"No insights in this time range"}>
    <p>The engine reads new telemetry every minute. It raises an <strong>anomaly</strong> when a
      service's rate, errors or latency, or a metric, leaves its expected band (it learns the band
      from about a day of history first); a <strong>log pattern</strong> when an error template
      appears or spikes; a <strong>capacity</strong> forecast when a <code>*.utilization</code>
      metric is on course to reach 1; and <strong>tips</strong> such as N+1 queries from recent traces.</p>
    <p>${e?c`<a href=${z("/ui/insights")}>Clear the filters</a> or `:""}
      <button type="button" class="btn-link" onClick=${()=>t.setRange({from:"now-7d",to:"now"})}>look at the last 7 days</button>.</p>
  <//>`}var Xg=e=>ue(e);function ev(e,t,n){let r=e.step_ms||6e4,a=new Map(e.points.map(i=>[Math.round(q(i.time_unix_nano)),i])),o=tv([...a.keys()],r,n),s=(i,l,p)=>({label:i,points:o.map(u=>({time_unix_nano:u*1e6,value:a.has(u)?l(a.get(u)):p}))});return/error/i.test(t)?{...yn([s("errors",i=>i.error_count,0)]),yFormat:be}:/latenc|duration|p50|p9\d/i.test(t)?{...yn([s("p50",i=>i.p50_ms,null),s("p95",i=>i.p95_ms,null),s("p99",i=>i.p99_ms,null)]),yFormat:Xg}:{...yn([s("spans/s",i=>i.span_count/(r/1e3),0)]),yFormat:i=>`${be(i)}/s`}}function tv(e,t,n){if(!e.length||!n)return e.sort((o,s)=>o-s);let r=(e[0]%t+t)%t,a=[];for(let o=Math.floor((n.start-r)/t)*t+r;o<n.end&&(o>=n.start-t&&a.push(o),!(a.length>5e3));o+=t);return a}function Ci(e,t="",{range:n,units:r={}}={}){if(!e||typeof e!="object")return null;if(Array.isArray(e.points)&&"function"in e&&"name"in e)return{...yn([{label:`${e.name} · ${e.function}`,points:e.points}]),yFormat:Un(r[e.name]||"",e.function)};if(Array.isArray(e.points)&&"service"in e)return ev(e,t,n);if(e.forecast&&Array.isArray(e.history)){let p=e.forecast.points,{x:u,series:f}=yn([{label:"history",points:e.history},{label:"forecast",points:p,color:"--chart-5",dash:[6,4]},{label:"upper",points:p.map(g=>({time_unix_nano:g.time_unix_nano,value:g.upper})),color:"--chart-5",width:.5},{label:"lower",points:p.map(g=>({time_unix_nano:g.time_unix_nano,value:g.lower})),color:"--chart-5",width:.5}]);return{x:u,series:f,yFormat:be,bands:[{upper:2,lower:3}]}}let a=Io(e);if(!a||!a.length)return a?{x:[],series:[],yFormat:be}:null;let o=["time_unix_nano","start_unix_nano","start_time_unix_nano"].find(p=>p in a[0]);if(!o)return null;let s=Object.keys(a[0]).filter(p=>p!==o&&typeof a[0][p]=="number"&&!/_nano$/.test(p)),{x:i,series:l}=yn(s.map(p=>({label:p,points:a.map(u=>({time_unix_nano:u[o],value:u[p]}))})));return{x:i,series:l,yFormat:be}}function Ip(e,t="",n={}){if(!e||typeof e!="object")return[];if(e.point)return[{label:e.point.name,value:Un(e.point.unit)(e.point.value??e.point.sum)}];if(e.totals){let a=e.totals;return[["services","Services"],["spans","Spans"],["errors","Errors"],["logs","Logs"],["error_logs","Error logs"],["open_insights","Open insights"]].filter(([o])=>o in a).map(([o,s])=>({label:s,value:be(a[o]),tone:/error|insight/.test(o)&&a[o]>0?"error":void 0}))}if("p95"in e&&"count"in e){let a=Un((n.units||{})[e.name]||"");return[["avg","avg",a],["p95","p95",a],["max","max",a],["count","points",be]].map(([o,s,i])=>({label:s,value:i(e[o])}))}if(Array.isArray(e.services)&&!e.totals){let a=e.services,o=a.reduce((i,l)=>i+(l.span_count||0),0),s=a.reduce((i,l)=>i+(l.error_count||0),0);return[{label:"Services",value:String(a.length)},{label:"Spans",value:be(o)},{label:"Error rate",value:Ge(o?s/o:0),tone:s?"error":void 0}]}let r=Ci(e,t,n);return r&&r.series.length?r.series.map(a=>{let o=a.values.filter(s=>s!=null);return{label:`${a.label} (last)`,value:o.length?r.yFormat(o[o.length-1]):"–"}}):Object.entries(e).filter(([,a])=>typeof a=="number").slice(0,6).map(([a,o])=>({label:a.replaceAll("_"," "),value:be(o)}))}function Io(e){if(Array.isArray(e))return e;for(let t of Object.values(e||{}))if(Array.isArray(t)&&(!t.length||typeof t[0]=="object"))return t;return null}var nv=/^(attributes|resource_attributes|events|links|evidence|examples|sparkline|by_severity|explicit_bounds|bucket_counts|quantiles)$/;function Fp(e){let t=Io(e)||[],n=t[0]||{};return{columns:Object.keys(n).filter(a=>!nv.test(a)&&(n[a]===null||typeof n[a]!="object"||Array.isArray(n[a]))).slice(0,8).map(a=>({key:a,label:a.replaceAll("_"," "),align:typeof n[a]=="number"?"right":void 0})),rows:t}}function zp(e,t){return t==null?"–":Array.isArray(t)?t.map(n=>typeof n=="object"?JSON.stringify(n):n).join(", "):typeof t=="number"?/_unix_nano$/.test(e)?new Date(q(t)).toLocaleString():/_ms$/.test(e)?ue(t):/_ns$/.test(e)?ue(t/1e6):/rate$/.test(e)&&e.includes("error")?Ge(t):be(t):String(t)}var Up=["avg","sum","min","max","count","rate","p50","p90","p95","p99"],Ei=["trace","debug","info","warn","error","fatal"],je=(e,t,n={})=>({name:e,label:t,...n}),Ni=je("step","Step",{placeholder:"1m (default: a 60th of the range)"}),wn=je("service","Service",{placeholder:"any",suggest:"services"}),Ma=je("limit","Rows",{placeholder:"100"}),Aa=[{path:"/api/v1/services/{service}/series",label:"Service: rate, errors, latency over time",segment:{label:"Service",suggest:"services"},params:[Ni],types:["timeseries","bar","stat"]},{path:"/api/v1/metrics/series/{name}",label:"Metric over time",segment:{label:"Metric",suggest:"metrics"},attrs:!0,types:["timeseries","bar","stat"],params:[je("fn","Aggregation",{options:Up}),Ni,wn]},{path:"/api/v1/metrics/aggregate/{name}",label:"Metric summary (count, avg, p95…)",segment:{label:"Metric",suggest:"metrics"},attrs:!0,params:[wn],types:["stat","table"]},{path:"/api/v1/metrics/latest/{name}",label:"Metric: latest value",segment:{label:"Metric",suggest:"metrics"},attrs:!0,params:[wn],types:["stat"]},{path:"/api/v1/logs/histogram",label:"Log volume by severity",attrs:!0,types:["bar","timeseries"],params:[Ni,wn,je("q","Text in body"),je("min_severity","Minimum severity",{options:Ei})]},{path:"/api/v1/logs",label:"Log records",attrs:!0,types:["logs","table"],params:[wn,je("q","Text in body"),je("min_severity","Minimum severity",{options:Ei}),Ma]},{path:"/api/v1/traces",label:"Traces",attrs:!0,types:["traces","table"],params:[wn,je("operation","Operation"),je("min_duration","Min duration",{placeholder:"250ms"}),je("status","Status",{options:["error","ok","unset"]}),je("sort","Sort",{options:["newest","oldest","longest","shortest"]}),Ma]},{path:"/api/v1/spans",label:"Spans",attrs:!0,types:["table"],params:[wn,je("operation","Operation"),je("status","Status",{options:["error","ok","unset"]}),je("sort","Sort",{options:["newest","oldest","longest","shortest"]}),Ma]},{path:"/api/v1/services",label:"Services with their RED figures",params:[],types:["table","stat"]},{path:"/api/v1/dashboard/stats",label:"Totals: services, spans, errors, logs, insights",params:[],types:["stat","table"]},{path:"/api/v1/service-map",label:"Calls between services",params:[],types:["table"]},{path:"/api/v1/insights",label:"Insights",types:["table"],params:[je("kind","Kind",{options:["anomaly","log_pattern","capacity","tip"]}),wn,je("severity","Severity at least",{options:["info","warning","critical"]}),Ma]},{path:"/api/v1/logs/patterns",label:"Log patterns",types:["table"],params:[wn,je("min_severity","Minimum severity",{options:Ei}),Ma]},{path:"/api/v1/forecast",label:"Metric forecast",types:["timeseries"],params:[je("metric","Metric",{suggest:"metrics"}),je("fn","Aggregation",{options:Up}),je("horizon","Horizon",{placeholder:"7d"}),je("threshold","Threshold",{placeholder:"e.g. 0.9"})]},{path:"/api/v1/metrics/names",label:"Metric names",params:[],types:["table"]},{path:"/api/v1/stats",label:"Stored totals (all time)",params:[],types:["stat"],range:!1}],Hp=["timeseries","bar","stat","table","logs","traces"];function ir(e){for(let t of Aa){let[n,r=""]=t.path.split(/\{[^}]+\}/);if(!t.segment){if(e===t.path)return{entry:t,segment:""};continue}if(e.startsWith(n)&&e.endsWith(r)&&e.length>=n.length+r.length){let a=e.slice(n.length,e.length-r.length);if(a.includes("/"))continue;try{return{entry:t,segment:decodeURIComponent(a)}}catch{}}}return{entry:null,segment:""}}var Pi=(e,t)=>e.path.replace(/\{[^}]+\}/,encodeURIComponent(t||""));function Vp(e){let{entry:t}=ir(e);return t?t.range!==!1:!/^\/api\/v1\/(stats|whoami|traces\/[^/]+|insights\/[^/]+)$/.test(e)}var Wp=e=>typeof e=="string"&&/^\/api\/v1\/[A-Za-z0-9._~%/-]+$/.test(e)&&!e.includes("..");var rv=72,av=12,ov=90;function Ri({panel:e,range:t}){let{path:n,params:r={}}=e.query||{},a=Wp(n),o=oe(a?n:null,{...r,...Vp(n)?t.params:{}}),s=Math.max(2,Math.min(e.layout?.h||4,12)),i=s*rv+(s-1)*av-ov,l=sv(a&&/^\/api\/v1\/metrics\/(series|aggregate)\//.test(n)?t:null);return a?o.error?c`<${J} error=${o.error} retry=${o.reload} title="The panel's query failed" />`:o.data===void 0?c`<${ee} label="Loading" />`:c`<${iv} type=${e.type} data=${o.data} title=${e.title} height=${i}
    context=${{range:t,units:l}} />`:c`<p class="muted">This panel's query path is not one of the read API's.</p>`}var Fo=new Map;function sv(e){let t=e?`${e.start}-${e.end}`:"",[n,r]=U({});return re(()=>{if(!t)return;Fo.has(t)||(Fo.clear(),Fo.set(t,X.get("/api/v1/metrics/names",e.params).then(o=>Object.fromEntries(o.metrics.map(s=>[s.name,s.unit])),()=>({}))));let a=!0;return Fo.get(t).then(o=>{a&&r(o)}),()=>{a=!1}},[t]),n}function iv({type:e,data:t,title:n,height:r,context:a}){if(e==="timeseries"||e==="bar"){if(Array.isArray(t.buckets))return c`<${jr} buckets=${t.buckets} height=${r-20} />`;let i=Ci(t,n,a);return i?i.x.length?c`<${dt} x=${i.x} series=${i.series} kind=${e==="bar"?"bars":"line"}
      bands=${i.bands} yFormat=${i.yFormat} height=${r} />`:c`<p class="muted panel-none">No data in this time range.</p>`:c`<p class="muted">This query's answer has no time series; try the table type.</p>`}if(e==="stat"){let i=Ip(t,n,a);return i.length?c`<div class="panel-stats">${i.map(l=>c`<div class="panel-stat">
      <div class=${l.tone?`panel-stat-value tone-${l.tone}`:"panel-stat-value"}>${l.value}</div>
      <div class="panel-stat-label">${l.label}</div></div>`)}</div>`:c`<p class="muted panel-none">No figure in this answer.</p>`}if(e==="logs"){let i=t.logs||[];return i.length?c`<div class="panel-scroll"><${Br} logs=${i.map((l,p)=>({key:p,log:l}))} label=${n||"Log records"} /></div>`:c`<p class="muted panel-none">No log records in this time range.</p>`}if(e==="traces")return c`<${cv} traces=${t.traces||Io(t)||[]} />`;let{columns:o,rows:s}=Fp(t);return s.length?c`<div class="panel-scroll"><${wt} dense=${!0} caption=${n} rows=${s.slice(0,200)}
    columns=${o.map(i=>({...i,render:l=>lv(i.key,l)}))} /></div>`:c`<p class="muted panel-none">No rows in this time range.</p>`}function lv(e,t){let n=t[e];return e==="name"&&"span_count"in t||e==="service"||e==="service_name"||e==="caller"||e==="callee"?n?c`<a href=${z(`/ui/services/${encodeURIComponent(n)}`)}>${n}</a>`:"–":e==="trace_id"&&n?c`<a class="mono" href=${z(`/ui/traces/${n}`)}>${n.slice(0,16)}…</a>`:e==="id"&&"kind"in t&&"evidence"in t?c`<a href=${z(`/ui/insights/${n}`)}>${n.slice(0,8)}…</a>`:zp(e,n)}function cv({traces:e}){return e.length?c`<ul class="panel-traces panel-scroll" aria-label="Traces">${e.map(t=>c`<li data-trace-id=${t.trace_id}>
    <a href=${z(`/ui/traces/${t.trace_id}`)}>
      <span class="trace-root">${t.root_service} <code>${t.root_name}</code></span>
      <span class="trace-figures">
        ${t.has_error&&c`<${ce} tone="error">error<//>`}
        <span>${xt(t.duration_ns)}</span>
        <span class="muted">${se(t.span_count)} spans</span>
        <span class="muted">${Ne(q(t.start_time_unix_nano))}</span>
      </span>
    </a>
  </li>`)}</ul>`:c`<p class="muted panel-none">No traces in this time range.</p>`}var Bp=[[3,"quarter"],[4,"third"],[6,"half"],[8,"two thirds"],[12,"full"]],jp=[[3,"short"],[4,"medium"],[6,"tall"],[8,"very tall"]],Li="other",uv=e=>Object.entries(e).filter(([t])=>t.startsWith("attr.")).map(([t,n])=>`${t.slice(5)}=${n}`).join(", ");function pv(e,t){let n=Object.fromEntries(Object.entries(e).filter(([r])=>!r.startsWith("attr.")));for(let r of t.split(",")){let a=r.indexOf("=");a>0&&(n[`attr.${r.slice(0,a).trim()}`]=r.slice(a+1).trim())}return n}function qp({panel:e,index:t,count:n,onChange:r,onMove:a,onRemove:o,error:s}){let i=v=>`panel-${e.id}-${v}`,{entry:l,segment:p}=ir(e.query.path),u=e.query.params||{},f=v=>r({...e,...v}),g=(v,_)=>f({query:{path:v,params:_}}),m=(v,_)=>{let T={...u};_===""||_==null?delete T[v]:T[v]=_,g(e.query.path,T)},y=v=>{if(v===Li){g(e.query.path,u);return}let _=Aa[Number(v)],T=_.types.includes(e.type)?e.type:_.types[0];r({...e,type:T,query:{path:Pi(_,""),params:{}}})},$=l?String(Aa.indexOf(l)):Li,w=e.layout||{x:0,y:0,w:6,h:4};return c`<fieldset class="panel-editor" aria-describedby=${s?i("error"):void 0}>
    <legend>Panel ${t+1}</legend>
    <div class="editor-grid">
      <div class="field wide">
        <label for=${i("title")}>Title</label>
        <input id=${i("title")} name="panel-title" value=${e.title} maxlength="200"
          onInput=${v=>f({title:v.currentTarget.value})} />
      </div>
      <div class="field">
        <label for=${i("type")}>Shown as</label>
        <select id=${i("type")} name="panel-type" value=${e.type} onChange=${v=>f({type:v.currentTarget.value})}>
          ${Hp.map(v=>c`<option value=${v}>${v}${l&&!l.types.includes(v)?" (unsuited)":""}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for=${i("w")}>Width</label>
        <select id=${i("w")} value=${String(w.w)} onChange=${v=>f({layout:{...w,w:Number(v.currentTarget.value)}})}>
          ${Bp.map(([v,_])=>c`<option value=${String(v)}>${_}</option>`)}
          ${!Bp.some(([v])=>v===w.w)&&c`<option value=${String(w.w)}>${w.w} columns</option>`}
        </select>
      </div>
      <div class="field">
        <label for=${i("h")}>Height</label>
        <select id=${i("h")} value=${String(w.h)} onChange=${v=>f({layout:{...w,h:Number(v.currentTarget.value)}})}>
          ${jp.map(([v,_])=>c`<option value=${String(v)}>${_}</option>`)}
          ${!jp.some(([v])=>v===w.h)&&c`<option value=${String(w.h)}>${w.h} rows</option>`}
        </select>
      </div>
      <div class="field wide">
        <label for=${i("query")}>Data</label>
        <select id=${i("query")} name="panel-query" value=${$} onChange=${v=>y(v.currentTarget.value)}>
          ${Aa.map((v,_)=>c`<option value=${String(_)}>${v.label}</option>`)}
          <option value=${Li}>Another read API path…</option>
        </select>
      </div>
      ${l&&l.segment&&c`<div class="field">
        <label for=${i("segment")}>${l.segment.label}</label>
        <input id=${i("segment")} list=${`suggest-${l.segment.suggest}`} value=${p} required
          onInput=${v=>g(Pi(l,v.currentTarget.value),u)} />
      </div>`}
      ${l&&l.params.map(v=>c`<div class="field">
        <label for=${i(v.name)}>${v.label}</label>
        ${v.options?c`<select id=${i(v.name)} value=${u[v.name]||""} onChange=${_=>m(v.name,_.currentTarget.value)}>
            <option value="">default</option>
            ${v.options.map(_=>c`<option value=${_}>${_}</option>`)}
          </select>`:c`<input id=${i(v.name)} value=${u[v.name]||""} placeholder=${v.placeholder||""}
              list=${v.suggest?`suggest-${v.suggest}`:void 0} onInput=${_=>m(v.name,_.currentTarget.value.trim())} />`}
      </div>`)}
      ${l&&l.attrs&&c`<div class="field wide">
        <label for=${i("attrs")}>Attribute filters</label>
        <input id=${i("attrs")} value=${uv(u)} placeholder="key=value, key2=value2"
          onChange=${v=>g(e.query.path,pv(u,v.currentTarget.value))} />
      </div>`}
      ${!l&&c`<${dv} id=${i} query=${e.query} onChange=${g} />`}
    </div>
    ${s&&c`<p class="field-error" id=${i("error")} role="alert">${s}</p>`}
    <div class="editor-actions">
      <button type="button" class="btn" data-action="move-up" disabled=${t===0} onClick=${()=>a(-1)}
        aria-label=${`Move panel ${t+1} up`}>↑ Up</button>
      <button type="button" class="btn" data-action="move-down" disabled=${t===n-1} onClick=${()=>a(1)}
        aria-label=${`Move panel ${t+1} down`}>↓ Down</button>
      <button type="button" class="btn btn-danger" data-action="remove-panel" onClick=${o}
        aria-label=${`Remove panel ${t+1}`}>Remove</button>
    </div>
  </fieldset>`}function dv({id:e,query:t,onChange:n}){let r=Object.entries(t.params||{}).map(([o,s])=>`${o}=${s}`).join(`
`),a=o=>Object.fromEntries(o.split(`
`).map(s=>s.trim()).filter(s=>s.includes("=")).map(s=>[s.slice(0,s.indexOf("=")).trim(),s.slice(s.indexOf("=")+1).trim()]));return c`<div class="field wide">
      <label for=${e("path")}>API path</label>
      <input id=${e("path")} class="mono" value=${t.path} placeholder="/api/v1/…"
        onChange=${o=>n(o.currentTarget.value.trim(),t.params||{})} />
    </div>
    <div class="field wide">
      <label for=${e("params")}>Parameters (name=value per line; the time range is added)</label>
      <textarea id=${e("params")} class="mono" rows="3" value=${r}
        onChange=${o=>n(t.path,a(o.currentTarget.value))}></textarea>
    </div>`}function Kp({services:e=[],metrics:t=[]}){return c`<datalist id="suggest-services">${e.map(n=>c`<option value=${n} />`)}</datalist>
    <datalist id="suggest-metrics">${t.map(n=>c`<option value=${n} />`)}</datalist>`}var Oi=12,fv={title:"",description:"",time:{from:"now-1h",to:"now"},panels:[]};function Ii({id:e}){let t=e==="new",n=oe(t?null:`/api/v1/dashboards/${encodeURIComponent(e)}`),[r,a]=U(t?fv:null),[o,s]=U(!1),[i,l]=U(!1),[p,u]=U(null),[f,g]=U(!1),m=Ke(),y=t?null:n.data,$=hv(y),w=r!==null,v=w?r:y,_=t?"ready":n.error?"error":!y||$?"loading":!w&&y.panels.length===0?"empty":"ready",T=D=>a(C=>({...C||Di(y),...D})),S=()=>a(D=>{let C=D||Di(y);return{...C,panels:[...C.panels,bv(C.panels)]}}),M=async()=>{let D=xv(r);if(D){u(D);return}l(!0),u(null);let C={title:r.title.trim(),description:r.description||"",time:{from:m.from,to:m.to},panels:_v(r.panels)};try{let R=t?await X.send("POST","/api/v1/dashboards",C):await X.send("PUT",`/api/v1/dashboards/${encodeURIComponent(e)}`,C);if(g(!0),t){et(z(`/ui/dashboards/${R.id}`),{replace:!0});return}a(null),n.reload()}catch(R){u(R)}finally{l(!1)}},E=async()=>{l(!0);try{await X.send("DELETE",`/api/v1/dashboards/${encodeURIComponent(e)}`),et(z("/ui/dashboards"))}catch(D){u(D),l(!1),s(!1)}};re(()=>{if(!f)return;let D=setTimeout(()=>g(!1),3e3);return()=>clearTimeout(D)},[f]);let I=v&&c`
    ${f&&c`<span class="saved-note" role="status">Saved</span>`}
    ${w?c`
      <button type="button" class="btn" data-action="add-panel" onClick=${S}>+ Add panel</button>
      <button type="button" class="btn btn-primary" data-action="save" disabled=${i} onClick=${M}>${i?"Saving…":"Save"}</button>
      <button type="button" class="btn" data-action="cancel" onClick=${()=>t?et(z("/ui/dashboards")):(a(null),u(null))}>Cancel</button>`:c`
      <button type="button" class="btn" data-action="add-panel" onClick=${S}>+ Add panel</button>
      <button type="button" class="btn" data-action="edit" onClick=${()=>a(Di(y))}>Edit</button>
      <button type="button" class="btn btn-danger" data-action="delete" onClick=${()=>s(!0)}>Delete</button>`}`;return c`<${me} name="dashboard" state=${_} actions=${I}
      title=${v?v.title||"New dashboard":"Dashboard"}
      subtitle=${v&&(w?`Editing · saved with the time range shown (${Qa(m)})`:v.description)}>
    <nav class="crumbs" aria-label="Breadcrumb"><a href=${z("/ui/dashboards")}>← All dashboards</a></nav>
    ${_==="loading"&&c`<${ee} label="Loading the dashboard" />`}
    ${n.error&&c`<${J} error=${n.error} title=${n.error.status===404?"No such dashboard":"The dashboard could not be read"}
      retry=${n.error.status===404?void 0:n.reload} />
      ${n.error.status===404&&c`<p><a href=${z("/ui/dashboards")}>See all dashboards</a></p>`}`}
    ${o&&c`<${mv} title=${y.title} busy=${i} onConfirm=${E} onCancel=${()=>s(!1)} />`}
    ${p&&c`<${J} error=${p} title="Not saved" />`}
    ${w&&c`<${vv} draft=${r} edit=${T} range=${m} failure=${p} autofocus=${t} />`}
    ${!w&&_==="empty"&&c`<${Ae} title="This dashboard has no panels yet">
      <p>Add a panel: a query of Ophion's API (a service's rate or latency, a metric, log volume,
        slow traces…) shown as a time series, bars, a figure, a table, logs or traces.</p>
      <button type="button" class="btn btn-primary" onClick=${S}>+ Add a panel</button><//>`}
    ${!w&&_==="ready"&&c`<div class="dash-grid">
      ${Gp(y.panels).map(D=>c`<${gv} key=${D.id} panel=${D} range=${m} />`)}
    </div>`}
  <//>`}function mv({title:e,busy:t,onConfirm:n,onCancel:r}){let a=Ve(null);return re(()=>{a.current&&a.current.focus()},[]),c`<div class="confirm-bar" role="alertdialog" aria-labelledby="confirm-delete-text">
    <span id="confirm-delete-text">Delete “${e}” for everyone in this tenant? This cannot be undone.</span>
    <button type="button" class="btn btn-danger-solid" data-action="confirm-delete" ref=${a} disabled=${t} onClick=${n}>Delete it</button>
    <button type="button" class="btn" data-action="cancel-delete" onClick=${r}>Keep it</button>
  </div>`}function hv(e){let[t,n]=ut(),r=Ve(!1),{from:a,to:o}=e&&e.time||{},s=t.from||t.to||t.start||t.end,i=!!e&&!r.current&&!s&&!!a&&(a!=="now-1h"||o!=="now");return re(()=>{!e||r.current||(r.current=!0,i&&n({from:a,to:o},{replace:!0}))},[e]),i}function gv({panel:e,range:t}){let{w:n=6,h:r=4}=e.layout||{};return c`<section class=${`dash-panel w-${Math.min(Math.max(n,1),Oi)} h-${Math.min(Math.max(r,2),12)}`}
      data-panel-id=${e.id} data-panel-type=${e.type} aria-label=${e.title||"Panel"}>
    <h2 class="dash-panel-title">${e.title||"Untitled panel"}</h2>
    <div class="dash-panel-body"><${Ri} panel=${e} range=${t} /></div>
  </section>`}function vv({draft:e,edit:t,range:n,failure:r,autofocus:a}){let o=oe("/api/v1/services",n.params),s=oe("/api/v1/metrics/names",n.params),i=Ve(null);re(()=>{a&&i.current&&i.current.focus()},[]);let l=f=>r&&r.message&&(r.message.match(/^panels\[(\d+)\]/)||[])[1]===String(f)?r.message:null,p=(f,g)=>t({panels:e.panels.map((m,y)=>y===f?g:m)}),u=(f,g)=>{let m=[...e.panels];[m[f],m[f+g]]=[m[f+g],m[f]],t({panels:m})};return c`<div class="stack dash-editor">
    <${Kp} services=${o.data?o.data.services.map(f=>f.name):[]}
      metrics=${s.data?s.data.metrics.map(f=>f.name):[]} />
    <div class="editor-grid dash-meta">
      <div class="field wide">
        <label for="dash-title">Dashboard title</label>
        <input id="dash-title" name="title" ref=${i} value=${e.title} maxlength="200" required
          placeholder="e.g. Checkout health" onInput=${f=>t({title:f.currentTarget.value})} />
      </div>
      <div class="field wide">
        <label for="dash-description">Description</label>
        <input id="dash-description" name="description" value=${e.description} maxlength="2000"
          placeholder="What this dashboard is for (optional)" onInput=${f=>t({description:f.currentTarget.value})} />
      </div>
    </div>
    ${e.panels.length===0&&c`<p class="muted">No panels yet: “+ Add panel” adds one, then choose its data and how it is shown.</p>`}
    ${e.panels.map((f,g)=>c`<div class="edit-row" key=${f.id} data-panel-id=${f.id} data-panel-type=${f.type}>
      <${qp} panel=${f} index=${g} count=${e.panels.length} error=${l(g)}
        onChange=${m=>p(g,m)} onMove=${m=>u(g,m)}
        onRemove=${()=>t({panels:e.panels.filter((m,y)=>y!==g)})} />
      <${$v} panel=${f} range=${n} />
    </div>`)}
  </div>`}function $v({panel:e,range:t}){let[n,r]=U(e);re(()=>{let s=setTimeout(()=>r(e),500);return()=>clearTimeout(s)},[JSON.stringify(e)]);let{entry:a,segment:o}=ir(n.query.path);return c`<div class="edit-preview" aria-label="Preview">
    <div class="dash-panel-title muted">Preview · ${n.title||"Untitled panel"}</div>
    ${a&&a.segment&&!o?c`<p class="muted">Choose the ${a.segment.label.toLowerCase()} to see this panel.</p>`:c`<${Ri} panel=${n} range=${t} />`}
  </div>`}var Di=e=>JSON.parse(JSON.stringify({title:e.title,description:e.description,time:e.time,panels:Gp(e.panels)}));function bv(e){let t=e.length+1;for(;e.some(n=>n.id===`p${t}`);)t+=1;return{id:`p${t}`,title:"Log volume",type:"bar",query:{path:"/api/v1/logs/histogram",params:{}},layout:{x:0,y:0,w:6,h:4}}}var Gp=e=>[...e].sort((t,n)=>(t.layout?.y??0)-(n.layout?.y??0)||(t.layout?.x??0)-(n.layout?.x??0));function _v(e){let t=0,n=0,r=0;return e.map(a=>{let o=Math.min(Math.max(a.layout?.w||6,1),Oi),s=Math.max(a.layout?.h||4,1);t+o>Oi&&(t=0,n+=r,r=0);let i={...a,layout:{x:t,y:n,w:o,h:s}};return t+=o,r=Math.max(r,s),i})}function xv(e){if(!e.title.trim())return new Error("Give the dashboard a title.");let t=e.panels.findIndex(n=>{let{entry:r,segment:a}=ir(n.query.path);return r&&r.segment&&!a});return t>=0?new Error(`panels[${t}]: choose the ${ir(e.panels[t].query.path).entry.segment.label.toLowerCase()} this panel shows.`):null}function Yp(){let e=zn("/api/v1/dashboards",{limit:100},"items"),t=Pe(e),n=c`<button type="button" class="btn btn-primary" data-action="new-dashboard"
    onClick=${()=>et(z("/ui/dashboards/new"))}>+ New dashboard</button>`;return c`<${me} name="dashboards" state=${t} title="Dashboards" actions=${n}
      subtitle="Panels of your choice over one time range; start from scratch or from a preset">
    ${t==="loading"&&c`<${ee} label="Reading dashboards" />`}
    ${t==="error"&&c`<${J} error=${e.error} retry=${e.reload} />`}
    ${t==="ready"&&!e.items.length&&c`<${Ae} title="No dashboards yet">
      <p>Create one with “+ New dashboard”, or start from a preset below and change it as you like.
        Every panel shows the time range chosen in the header.</p><//>`}
    ${t==="ready"&&e.items.length>0&&c`<${he} title=${`${se(e.items.length)} dashboards`}>
      <ul class="dash-list">${e.items.map(r=>c`<li data-dashboard-id=${r.id}>
        <a class="dash-link" href=${z(`/ui/dashboards/${r.id}`)}>${r.title}</a>
        <span class="muted">${r.description}</span>
        <span class="dash-list-meta muted small">${se(r.panels)} panels${r.updated_at?` · updated ${Ft(Date.parse(r.updated_at))}`:""}</span>
      </li>`)}</ul>
      ${e.hasMore&&c`<button type="button" class="btn" data-action="load-more" onClick=${e.loadMore}>Load more</button>`}
    <//>`}
    <${yv} />
  <//>`}function yv(){let e=oe("/api/v1/dashboard/presets"),[t,n]=U(""),[r,a]=U(null),o=async s=>{n(s.id),a(null);try{let{title:i,description:l,time:p,panels:u}=s,f=await X.send("POST","/api/v1/dashboards",{title:i,description:l,time:p,panels:u});et(z(`/ui/dashboards/${f.id}`))}catch(i){a(i),n("")}};return c`<section class="presets" aria-labelledby="presets-title">
    <h2 id="presets-title">Presets</h2>
    ${e.loading&&c`<${ee} label="Reading presets" />`}
    ${e.error&&c`<${J} error=${e.error} retry=${e.reload} title="Presets could not be read" />`}
    ${r&&c`<${J} error=${r} title="The preset could not be saved" />`}
    ${e.data&&c`<ul class="preset-list">${e.data.items.map(s=>c`<li class="preset-card" data-preset=${s.id}>
      <h3>${s.title}</h3>
      <p class="muted">${s.description}</p>
      <p class="small muted">${s.panels.length} panels: ${s.panels.map(i=>i.title).join(", ")}</p>
      <button type="button" class="btn" data-action="use-preset" disabled=${!!t} onClick=${()=>o(s)}
        aria-label=${`Use this preset: ${s.title}`}>${t===s.id?"Creating…":"Use this preset"}</button>
    </li>`)}</ul>`}
  </section>`}var qr=e=>e?Ne(Date.parse(e)):"–";function Fi({id:e}){let t=oe(`/api/v1/alerts/${encodeURIComponent(e)}`),n=t.data,r=Pe(t);return c`<${me} name="alert" state=${r} title=${n?n.name||n.fingerprint:"Alert"}
      subtitle=${n&&c`<span><${Ca} severity=${n.severity} /> <${zi} state=${n.state} /> · ${n.status}</span>`}
      actions=${n&&c`<${Ui} alert=${n} done=${t.reload} />`}>
    <nav class="crumbs" aria-label="Breadcrumb"><a href=${z("/ui/alerts")}>← All alerts</a></nav>
    ${r==="loading"&&c`<${ee} label="Reading the alert" />`}
    ${r==="error"&&c`<${J} error=${t.error}
      title=${t.error.status===404?"No such alert":"The alert could not be read"} />`}
    ${n&&c`<div class="stack alert-detail" data-alert-id=${n.id} data-state=${n.state} data-status=${n.status}>
      ${n.annotations.summary&&c`<p class="alert-lead">${n.annotations.summary}</p>`}
      <div class="stats">
        <${de} label="Value" value=${lr(n.value)} />
        <${de} label="Active since" value=${qr(n.starts_at)} />
        <${de} label="Fired" value=${qr(n.fired_at)} />
        <${de} label="Resolved" value=${qr(n.resolved_at)} hint=${n.resolved_by?`by ${n.resolved_by}`:void 0} />
        <${de} label="Repeats" value=${n.repeat_count} />
      </div>
      <${he} title="Where it comes from">
        ${n.rule_id?c`<p>Rule <a data-rule-link href=${z(`/ui/alert-rules/${n.rule_id}`)}>${n.name}</a>: <code>${n.query}</code></p>`:c`<p>Sent by ${n.source==="alertmanager"?"Prometheus or Alertmanager (API v2)":n.source==="ophion"?"Ophion itself":"the alerts API"}
            ${n.ends_at&&n.state!=="resolved"?`; resolves at ${qr(n.ends_at)} unless sent again`:""}
            ${n.generator_url&&c` · <a href=${n.generator_url} rel="noreferrer">source</a>`}</p>`}
        ${n.acknowledged_by&&c`<p>Acknowledged by <strong>${n.acknowledged_by}</strong> at ${qr(n.acknowledged_at)}.</p>`}
      <//>
      <div class="two-col">
        <${he} title="Labels"><${Dn} data=${n.labels} /><//>
        <${he} title="Annotations"><${Dn} data=${n.annotations} /><//>
      </div>
      <${he} title="History">
        <ol class="alert-history">${n.events.map(a=>c`<li data-event=${a.kind}>
          <span class="muted small">${qr(a.time)}</span> <strong>${a.kind.replace("_"," ")}</strong>
          ${a.detail&&a.detail.value!==void 0&&c` · value ${lr(a.detail.value)}`}
          ${a.detail&&a.detail.actor&&c` · by ${a.detail.actor}`}
          ${a.detail&&a.detail.reason&&c` · ${a.detail.reason}`}
          ${a.detail&&a.detail.error&&c` · ${a.detail.error}`}
        </li>`)}</ol>
      <//>
    </div>`}
  <//>`}var wv={critical:"error",error:"error",warning:"warn",info:"info"},kv={firing:"error",pending:"warn",resolved:"ok"},Sv=[["active","Active"],["firing","Firing"],["pending","Pending"],["resolved","Resolved"],["all","All"]],Ca=({severity:e})=>c`<${ce} tone=${wv[e]||"muted"}>${e}<//>`,zi=({state:e})=>c`<${ce} tone=${kv[e]||"muted"}>${e}<//>`;function lr(e){return e==null?"–":Math.abs(e)>=1e3||Number.isInteger(e)?String(Math.round(e*100)/100):String(+e.toPrecision(4))}function Ui({alert:e,done:t}){let[n,r]=U(""),[a,o]=U(null);if(e.status==="resolved")return null;let s=async i=>{r(i),o(null);try{await X.send("POST",`/api/v1/alerts/${encodeURIComponent(e.id)}/${i}`),t()}catch(l){o(l)}finally{r("")}};return c`<span class="alert-actions">
    ${e.status==="open"&&c`<button type="button" class="btn btn-small" data-action="acknowledge"
      disabled=${!!n} onClick=${()=>s("acknowledge")}>${n==="acknowledge"?"Acknowledging…":"Acknowledge"}</button>`}
    <button type="button" class="btn btn-small" data-action="resolve" disabled=${!!n}
      onClick=${()=>s("resolve")}>${n==="resolve"?"Resolving…":"Resolve"}</button>
    ${a&&c`<span class="error-text" role="alert">${a.message}</span>`}
  </span>`}function Qp(){let[e,t]=ut(),n=e.state||"active",r={state:n==="all"?void 0:n,status:e.status,limit:100},a=zn("/api/v1/alerts",r,"items"),o=Pe(a,l=>l.items.length===0),s=c`<a class="btn" href=${z("/ui/alert-rules")}>Alert rules</a>`,i=[{key:"severity",label:"Severity",render:l=>c`<${Ca} severity=${l.severity} />`},{key:"name",label:"Alert",render:l=>c`<a class="alert-name" href=${z(`/ui/alerts/${l.id}`)}>${l.name||l.fingerprint}</a>
      <div class="muted small">${l.annotations.summary||Tv(l.labels)}</div>`},{key:"state",label:"State",render:l=>c`<${zi} state=${l.state} />`},{key:"status",label:"Status",render:l=>c`<span data-status=${l.status}>${l.status}${l.acknowledged_by?` by ${l.acknowledged_by}`:""}</span>`},{key:"value",label:"Value",align:"right",render:l=>lr(l.value)},{key:"starts_at",label:"Since",render:l=>Ft(Date.parse(l.starts_at))},{key:"repeat_count",label:"Repeats",align:"right"},{key:"actions",label:"",render:l=>c`<${Ui} alert=${l} done=${a.reload} />`}];return c`<${me} name="alerts" state=${o} title="Alerts" actions=${s}
      subtitle="Raised by your alert rules and by Prometheus, Grafana or Alertmanager sending to Ophion">
    <${Hr} label="Alert states" active=${n}
      tabs=${Sv.map(([l,p])=>({id:l,label:p,href:Ot("/ui/alerts",{...e,state:l})}))} />
    <div class="toolbar" role="group" aria-label="Alert filters">
      <div class="field">
        <label for="alert-status">Status</label>
        <select id="alert-status" name="status" value=${e.status||""}
            onChange=${l=>t({status:l.currentTarget.value||null})}>
          <option value="">Any status</option>
          <option value="open">open</option>
          <option value="acknowledged">acknowledged</option>
          <option value="resolved">resolved</option>
        </select>
      </div>
    </div>
    ${o==="loading"&&c`<${ee} label="Reading alerts" />`}
    ${o==="error"&&c`<${J} error=${a.error} retry=${a.reload} />`}
    ${o==="empty"&&c`<${Ae} title=${n==="active"?"Nothing is firing":"No alerts here"}>
      <p>Alerts come from <a href=${z("/ui/alert-rules")}>alert rules</a> over your spans, logs,
        metrics and insights, and from Prometheus or Alertmanager posting to <code>/api/v2/alerts</code>.</p><//>`}
    ${o==="ready"&&c`<${wt} caption="Alerts" columns=${i} rows=${a.items} rowKey=${l=>l.id}
      rowProps=${l=>({"data-alert-id":l.id,"data-state":l.state})} />
      ${a.hasMore&&c`<button type="button" class="btn" data-action="load-more" onClick=${a.loadMore}>Load more</button>`}`}
  <//>`}var Tv=e=>Object.entries(e||{}).filter(([t])=>t!=="alertname"&&t!=="severity").map(([t,n])=>`${t}=${n}`).join(", ");var Jp={spans:["error_rate","rate","count","error_count","p50","p75","p90","p95","p99"],logs:["count","rate"],metrics:["avg","sum","min","max","count","rate","p50","p90","p95","p99"]};function Mv(e){let t=e.query||{},n=[t.signal||(e.kind==="anomaly"?"insights":""),t.fn,t.metric,t.service,t.operation,t.text&&`"${t.text}"`].filter(Boolean).join(" · "),r=t.group_by&&t.group_by.length?` by ${t.group_by.join(", ")}`:"",a=e.condition?` ${e.condition.op} ${e.condition.value}`:e.kind==="absence"?" absent":"";return n+r+a}function Zp(){let e=oe("/api/v1/alert-rules",{limit:1e3}),t=Pe(e,a=>a.items.length===0),n=c`<button type="button" class="btn btn-primary" data-action="new-rule"
    onClick=${()=>et(z("/ui/alert-rules/new"))}>+ New rule</button>`,r=[{key:"name",label:"Rule",render:a=>c`<a class="alert-name" href=${z(`/ui/alert-rules/${a.id}`)}>${a.name}</a>`},{key:"query",label:"Reads",render:a=>c`<code>${Mv(a)}</code>`},{key:"severity",label:"Severity",render:a=>c`<${Ca} severity=${a.severity} />`},{key:"timing",label:"Every / for",render:a=>`${a.interval} / ${a.for}`},{key:"health",label:"Last evaluation",render:a=>c`<${Av} health=${a.health} enabled=${a.enabled} />`}];return c`<${me} name="alert-rules" state=${t} title="Alert rules" actions=${n}
      subtitle="Conditions over spans, logs, metrics and insights; Prometheus semantics for pending, firing and resolved">
    <nav class="crumbs" aria-label="Breadcrumb"><a href=${z("/ui/alerts")}>← Alerts</a></nav>
    ${t==="loading"&&c`<${ee} label="Reading alert rules" />`}
    ${t==="error"&&c`<${J} error=${e.error} retry=${e.reload} />`}
    ${t==="empty"&&c`<${Ae} title="No alert rules yet"><p>“+ New rule” starts one, with a preview of
      what it would have said over the last hour before you save it.</p><//>`}
    ${t==="ready"&&c`<${wt} caption="Alert rules" columns=${r} rows=${e.data.items}
      rowKey=${a=>a.id} rowProps=${a=>({"data-rule-id":a.id})} />`}
  <//>`}function Av({health:e,enabled:t}){if(!t)return c`<${ce}>disabled<//>`;if(!e||!e.last_evaluation)return c`<span class="muted">not yet</span>`;let n=Ft(Date.parse(e.last_evaluation));return e.last_error?c`<span class="error-text" title=${e.last_error}>failed ${n}: ${e.last_error}</span>`:c`<span>${n} · ${e.holding} of ${e.series} holding</span>`}var Cv={name:"",kind:"threshold",query:{signal:"spans",fn:"error_rate"},condition:{op:">",value:.05},for:"2m",keep_firing_for:"0s",interval:"1m",window:"5m",severity:"warning",labels:{},annotations:{},notify:[],no_data:"nodata",on_error:"keep_last",enabled:!0};function Ev(e){let{id:t,created_at:n,updated_at:r,health:a,...o}=e;return o}var Nv=e=>Object.entries(e||{}).map(([t,n])=>`${t}=${n}`).join(`
`);function Pv(e){let t={};for(let n of e.split(`
`)){let r=n.indexOf("=");r>0&&(t[n.slice(0,r).trim()]=n.slice(r+1).trim())}return t}function Xp({id:e}){let t=e==="new",n=oe(t?null:`/api/v1/alert-rules/${encodeURIComponent(e)}`),r=t?"ready":Pe(n);return c`<${me} name="alert-rule" state=${r} title=${t?"New alert rule":n.data?n.data.name:"Alert rule"}>
    <nav class="crumbs" aria-label="Breadcrumb"><a href=${z("/ui/alert-rules")}>← Alert rules</a></nav>
    ${r==="loading"&&c`<${ee} label="Reading the rule" />`}
    ${r==="error"&&c`<${J} error=${n.error}
      title=${n.error.status===404?"No such alert rule":"The rule could not be read"} />`}
    ${(t||n.data)&&c`<${Rv} key=${e} id=${t?null:e}
      initial=${t?Cv:Ev(n.data)} />`}
  <//>`}function Rv({id:e,initial:t}){let[n,r]=U(t),[a,o]=U(Nv(t.labels)),[s,i]=U((t.annotations||{}).summary||""),[l,p]=U(!1),[u,f]=U(null),g=n.query||{},m=M=>r(E=>({...E,...M})),y=M=>r(E=>{let I={...E.query,...M};for(let D of Object.keys(I))(I[D]===""||I[D]==null)&&delete I[D];return{...E,query:I}}),$={...n,labels:Pv(a),annotations:{...n.annotations||{},summary:s||void 0}};s||delete $.annotations.summary,$.kind!=="threshold"?delete $.condition:$.condition||($.condition={op:">",value:0});let w=async()=>{p(!0),f(null);try{let M=e?await X.send("PUT",`/api/v1/alert-rules/${e}`,$):await X.send("POST","/api/v1/alert-rules",$);et(z(`/ui/alert-rules/${M.id}`),{replace:!e}),e&&p(!1)}catch(M){f(M),p(!1)}},v=async()=>{if(window.confirm(`Delete the rule “${n.name}”? Its alerts stay, as history.`))try{await X.send("DELETE",`/api/v1/alert-rules/${e}`),et(z("/ui/alert-rules"))}catch(M){f(M)}},_=g.signal||"spans",T=(M,E,I)=>c`<div class="field"><label for=${`rule-${E}`}>${M}</label>${I}</div>`,S=(M,E,I,D="")=>c`<input id=${`rule-${M}`} name=${M} value=${E??""}
    placeholder=${D} onInput=${C=>I(C.currentTarget.value)} />`;return c`<div class="stack">
    <${he} title="Rule">
      <form class="rule-form" onSubmit=${M=>{M.preventDefault(),w()}}>
        ${T("Name","name",S("name",n.name,M=>m({name:M}),"checkout errors"))}
        ${T("Kind","kind",c`<select id="rule-kind" name="kind" value=${n.kind}
          onChange=${M=>{let E=M.currentTarget.value;m({kind:E,query:E==="anomaly"?{signal:"insights"}:{signal:"spans",fn:"error_rate"}})}}>
          <option value="threshold">threshold</option><option value="absence">absence</option><option value="anomaly">anomaly (AI insights)</option>
        </select>`)}
        ${n.kind!=="anomaly"&&T("Signal","signal",c`<select id="rule-signal" name="signal" value=${_}
          onChange=${M=>{let E=M.currentTarget.value;y({signal:E,fn:Jp[E][0],metric:void 0,text:void 0,operation:void 0})}}>
          <option value="spans">spans</option><option value="logs">logs</option><option value="metrics">metrics</option>
        </select>`)}
        ${n.kind!=="anomaly"&&T("Function","fn",c`<select id="rule-fn" name="fn" value=${g.fn||""}
          onChange=${M=>y({fn:M.currentTarget.value})}>
          ${Jp[_].map(M=>c`<option value=${M}>${M}</option>`)}
        </select>`)}
        ${_==="metrics"&&T("Metric","metric",S("metric",g.metric,M=>y({metric:M})))}
        ${T("Service","service",S("service",g.service,M=>y({service:M}),"any"))}
        ${_==="spans"&&n.kind!=="anomaly"&&T("Operation","operation",S("operation",g.operation,M=>y({operation:M}),"any"))}
        ${_==="logs"&&T("Text contains","text",S("text",g.text,M=>y({text:M})))}
        ${T("Group by","group_by",S("group_by",(g.group_by||[]).join(", "),M=>y({group_by:M.split(",").map(E=>E.trim()).filter(Boolean)}),"service"))}
        ${n.kind==="threshold"&&T("Condition","op",c`<select id="rule-op" name="op" value=${(n.condition||{}).op||">"}
          onChange=${M=>m({condition:{...n.condition||{value:0},op:M.currentTarget.value}})}>
          ${[">",">=","<","<=","==","!="].map(M=>c`<option value=${M}>${M}</option>`)}
        </select>`)}
        ${n.kind==="threshold"&&T("Threshold","value",c`<input id="rule-value" name="value" type="number" step="any"
          value=${(n.condition||{}).value??0}
          onInput=${M=>m({condition:{...n.condition||{op:">"},value:Number(M.currentTarget.value)}})} />`)}
        ${T("Window","window",S("window",n.window,M=>m({window:M})))}
        ${T("Every","interval",S("interval",n.interval,M=>m({interval:M})))}
        ${T("For","for",S("for",n.for,M=>m({for:M})))}
        ${T("Keep firing for","keep_firing_for",S("keep_firing_for",n.keep_firing_for,M=>m({keep_firing_for:M})))}
        ${T("Severity","severity",c`<select id="rule-severity" name="severity" value=${n.severity}
          onChange=${M=>m({severity:M.currentTarget.value})}>
          ${["critical","error","warning","info"].map(M=>c`<option value=${M}>${M}</option>`)}
        </select>`)}
        ${T("When nothing is found","no_data",c`<select id="rule-no_data" name="no_data" value=${n.no_data}
          onChange=${M=>m({no_data:M.currentTarget.value})}>
          <option value="nodata">raise a no-data alert</option><option value="ok">resolve (Prometheus)</option>
          <option value="alerting">keep alerting</option><option value="keep_last">keep the last state</option>
        </select>`)}
        ${T("When evaluation fails","on_error",c`<select id="rule-on_error" name="on_error" value=${n.on_error}
          onChange=${M=>m({on_error:M.currentTarget.value})}>
          <option value="keep_last">keep the last state</option><option value="alerting">alert</option><option value="ok">resolve</option>
        </select>`)}
        <div class="field wide"><label for="rule-summary">Summary (<code>{{value}}</code>, <code>{{service}}</code> and any label fill in)</label>
          <input id="rule-summary" name="summary" value=${s} onInput=${M=>i(M.currentTarget.value)} /></div>
        <div class="field wide"><label for="rule-labels">Labels, one <code>name=value</code> per line</label>
          <textarea id="rule-labels" name="labels" value=${a} onInput=${M=>o(M.currentTarget.value)}></textarea></div>
        <label class="wide check"><input type="checkbox" name="enabled" checked=${n.enabled}
          onChange=${M=>m({enabled:M.currentTarget.checked})} /> Enabled</label>
      </form>
      <div class="rule-buttons">
        <button type="button" class="btn btn-primary" data-action="save-rule" disabled=${l} onClick=${w}>${l?"Saving…":e?"Save":"Create rule"}</button>
        ${e&&c`<button type="button" class="btn btn-danger" data-action="delete-rule" onClick=${v}>Delete</button>`}
        ${e&&c`<a href=${z("/ui/alerts",{state:"all"})}>Its alerts</a>`}
        ${u&&c`<span class="error-text" role="alert" data-testid="rule-error">${u.message}</span>`}
      </div>
    <//>
    <${Lv} rule=${$} />
  </div>`}function Lv({rule:e}){let t=JSON.stringify(e),[n,r]=U({data:null,error:null,loading:!0});re(()=>{let u=new AbortController,f=setTimeout(()=>{r(g=>({...g,loading:!0})),X.send("POST","/api/v1/alert-rules/preview",JSON.parse(t),{signal:u.signal}).then(g=>r({data:g,error:null,loading:!1}),g=>{g.name!=="AbortError"&&r({data:null,error:g,loading:!1})})},500);return()=>{clearTimeout(f),u.abort()}},[t]);let{data:a,error:o}=n,s=e.condition&&Number.isFinite(e.condition.value)?e.condition.value:null,i=a?a.series.map(u=>Date.parse(u.time)):[],l=a?[{label:"value",values:a.series.map(u=>u.value)}]:[];a&&s!=null&&l.push({label:"threshold",values:i.map(()=>s),dash:[4,4]});let p=a?a.groups.filter(u=>u.holds):[];return c`<${he} title="Preview: the last 12 windows" className="rule-preview">
    ${o&&c`<${J} error=${o} title="The rule cannot be evaluated" />`}
    ${!a&&!o&&c`<${ee} label="Evaluating" />`}
    ${a&&c`<div data-testid="preview" data-holding=${p.length} data-groups=${a.groups.length}>
      <${dt} title="Rule value" x=${i} series=${l} height=${180} yFormat=${lr} />
      <p>${a.groups.length===0?"Nothing found now: the rule’s “when nothing is found” choice applies.":`Now: ${p.length} of ${a.groups.length} ${a.groups.length===1?"group holds":"groups hold"}.`}</p>
      <ul class="preview-groups">${a.groups.map(u=>c`<li data-holds=${u.holds}>
        <span class=${u.holds?"holds":""}>${u.holds?"would fire":"fine"}</span>
        · ${Object.entries(u.labels).map(([f,g])=>`${f}=${g}`).join(", ")||"the whole query"} · value ${lr(u.value)}
      </li>`)}</ul>
    </div>`}
  <//>`}function ed(){return c`<${me} name="not-found" state="empty" title="Page not found">
    <div class="empty" role="status">
      <h2>Nothing lives at <code>${location.pathname}</code></h2>
      <p>The link may be mistyped or from a newer version of Ophion.</p>
      <p><a href="/ui/">Go to the overview</a> · <a href="/ui/traces">Search traces</a> ·
        <a href="/ui/logs">Search logs</a></p>
    </div>
  <//>`}var Dv=[["/ui/",qu],["/ui/services/:service",Zu],["/ui/service-map",mp],["/ui/traces",vp],["/ui/traces/:traceId",$p],["/ui/logs",Mp],["/ui/metrics",Cp],["/ui/insights",Op],["/ui/insights/:id",Ai],["/ui/dashboards",Yp],["/ui/dashboards/:id",Ii],["/ui/alerts",Qp],["/ui/alerts/:id",Fi],["/ui/alert-rules",Zp],["/ui/alert-rules/:id",Xp]].map(([e,t])=>({pattern:e,component:t,regex:Ov(e)}));function Ov(e){let t=[],n=e.replace(/:(\w+)/g,(r,a)=>(t.push(a),"([^/]+)"));return{re:new RegExp(`^${n}/?$`),names:t}}function td(e){let t=e==="/ui"?"/ui/":e;for(let n of Dv){let r=t.match(n.regex.re);if(r){let a={};return n.regex.names.forEach((o,s)=>{a[o]=Iv(r[s+1])}),{component:n.component,params:a,pattern:n.pattern}}}return{component:ed,params:{},pattern:"*"}}function Iv(e){try{return decodeURIComponent(e)}catch{return e}}var nd=[{href:"/ui/",label:"Overview",match:e=>e==="/ui/"||e==="/ui"||e.startsWith("/ui/services/")},{href:"/ui/service-map",label:"Service map"},{href:"/ui/traces",label:"Traces"},{href:"/ui/logs",label:"Logs"},{href:"/ui/metrics",label:"Metrics"},{href:"/ui/insights",label:"Insights"},{href:"/ui/dashboards",label:"Dashboards"},{href:"/ui/alerts",label:"Alerts",match:e=>e.startsWith("/ui/alerts")||e.startsWith("/ui/alert-rules")}];function rd(){let e=Ke(),[t,n]=U(!1),r=Ve(null);re(()=>{if(!t)return;let o=i=>{r.current&&!r.current.contains(i.target)&&n(!1)},s=i=>{i.key==="Escape"&&(n(!1),r.current.querySelector(".range-button").focus())};return document.addEventListener("mousedown",o),document.addEventListener("keydown",s),()=>{document.removeEventListener("mousedown",o),document.removeEventListener("keydown",s)}},[t]);let a=o=>{e.setRange(o),n(!1)};return c`<div class="time-range" data-testid="time-range" ref=${r}>
    <button type="button" class="btn range-button" aria-haspopup="dialog" aria-expanded=${t?"true":"false"}
        aria-controls="time-range-panel" onClick=${()=>n(!t)}>
      <span aria-hidden="true" class="range-icon">◷</span>
      <span class="sr-only">Time range: </span>${Qa(e)}
    </button>
    <button type="button" class="btn btn-icon" data-action="refresh" aria-label="Refresh" title="Refresh (re-read now)"
      onClick=${e.refresh}><span aria-hidden="true">↻</span></button>
    ${t&&c`<div class="range-panel" id="time-range-panel" role="dialog" aria-label="Choose a time range">
      <div class="range-presets" role="group" aria-label="Relative ranges">
        ${Ps.map(o=>c`<button type="button" class=${e.from===o.from&&e.to==="now"?"preset active":"preset"}
          data-range=${o.from} aria-pressed=${e.from===o.from&&e.to==="now"?"true":"false"}
          onClick=${()=>a({from:o.from,to:"now"})}>${o.label}</button>`)}
      </div>
      <${Fv} range=${e} onApply=${a} />
    </div>`}
  </div>`}function Fv({range:e,onApply:t}){let[n,r]=U(Rs(e.start)),[a,o]=U(Rs(e.end)),[s,i]=U("");return c`<form class="range-absolute" onSubmit=${p=>{p.preventDefault();let u=Ls(n),f=Ls(a);return!Number.isFinite(u)||!Number.isFinite(f)?i("Enter both dates."):u>=f?i("“From” must be before “To”."):(i(""),t({from:String(u),to:String(f)}))}} aria-label="Absolute range">
    <label>From <input type="datetime-local" name="from" step="1" value=${n}
      onInput=${p=>r(p.currentTarget.value)} /></label>
    <label>To <input type="datetime-local" name="to" step="1" value=${a}
      onInput=${p=>o(p.currentTarget.value)} /></label>
    ${s&&c`<p class="field-error" role="alert">${s}</p>`}
    <button type="submit" class="btn btn-primary">Apply</button>
  </form>`}function Hi({auth:e,path:t,minimal:n=!1}){return c`<header class="app-header">
    <a class="skip-link" href="#main">Skip to content</a>
    <a class="brand" href="/ui/" aria-label="Ophion overview">
      <img src="/ui/favicon.svg" alt="" width="22" height="22" /><span>Ophion</span>
    </a>
    ${!n&&c`<nav class="app-nav" aria-label="Main">
      ${nd.map(r=>{let a=r.match?r.match(t):t===r.href||t.startsWith(`${r.href}/`);return c`<a href=${z(r.href)} class=${a?"active":""}
          aria-current=${a?"page":void 0}>${r.label}</a>`})}
    </nav>`}
    <div class="header-tools">
      ${!n&&c`<${rd} />`}
      ${!n&&c`<${zv} />`}
      <${Uv} />
      ${e.hasCredential&&e.status==="ready"&&c`<button type="button" class="btn btn-ghost"
        data-action="sign-out" onClick=${e.signOut}>Sign out</button>`}
    </div>
  </header>`}function zv(){let{data:e,error:t}=oe("/api/v1/whoami"),n=e?`${e.tenant} · ${e.actor}`:t?"identity unknown":"…",r=e?`Tenant ${e.tenant}, signed in as ${e.actor}${e.scopes?` (${e.scopes.join(", ")})`:""}`:void 0;return c`<div class="identity" data-testid="identity" title=${r}>
    <span class="identity-dot" aria-hidden="true"></span>
    <span class="sr-only">Signed in: </span>${n}
  </div>`}function Uv(){let[e,t]=U(Gl()),n=e==="dark"?"light":"dark";return c`<button type="button" class="btn btn-ghost btn-icon" data-action="theme"
      aria-label=${`Switch to ${n} theme`} title=${`Switch to ${n} theme`}
      onClick=${()=>{Ql(n),t(n)}}>
    <span aria-hidden="true">${e==="dark"?"☀":"☾"}</span>
  </button>`}var ad={o:"/ui/",m:"/ui/service-map",t:"/ui/traces",l:"/ui/logs",x:"/ui/metrics",i:"/ui/insights",d:"/ui/dashboards"},Hv=e=>e&&(e.isContentEditable||/^(INPUT|TEXTAREA|SELECT)$/.test(e.tagName));function od(){let e=0;document.addEventListener("keydown",t=>{if(!(t.defaultPrevented||t.ctrlKey||t.metaKey||t.altKey||Hv(t.target))){if(t.key==="/"){let n=document.querySelector("main [data-search], main input[type=search]");n&&(t.preventDefault(),n.focus(),n.select&&n.select());return}if(t.key==="g"){e=Date.now();return}e&&Date.now()-e<1500&&ad[t.key]&&(t.preventDefault(),et(z(ad[t.key]))),e=0}})}function sd({auth:e}){let[t,n]=U(""),[r,a]=U(!1),[o,s]=U(null),i=async l=>{if(l.preventDefault(),!t.trim())return s(new Error("Enter an API key."));a(!0),s(null);try{await e.signInWithKey(t.trim())}catch(p){s(p.status===401||p.status===403?new Error("That key was not accepted. Check it, or ask an admin for a new one."):p),a(!1)}};return c`<${me} name="signin" state=${o?"error":"ready"} title="Sign in">
    <div class="signin-card">
      <p class="muted">This Ophion requires a credential. Your key is kept only for this browser tab.</p>
      ${e.reason&&c`<p class="notice">${e.reason}</p>`}
      <form onSubmit=${i} class="form">
        <label for="api-key">API key</label>
        <input id="api-key" name="api-key" type="password" autocomplete="current-password"
          spellcheck="false" value=${t} onInput=${l=>n(l.currentTarget.value)} />
        <button type="submit" class="btn btn-primary" disabled=${r}>${r?"Checking…":"Sign in"}</button>
      </form>
      ${o&&c`<${J} title="Sign-in failed" error=${o} />`}
      ${e.config.oidc&&c`<div class="signin-or"><span>or</span></div>
        <button type="button" class="btn btn-wide" data-action="oidc-login" onClick=${e.startOidc}>
          Sign in with SSO</button>`}
      <p class="muted small">An admin creates keys with <code>POST /api/v1/keys</code> or
        <code>ophion keys create</code>.</p>
    </div>
  <//>`}function id({auth:e}){let[t,n]=U(null);return re(()=>{e.known&&e.finishOidc(Cr(location.search)).then(r=>et(r,{replace:!0}),n)},[e.known]),c`<${me} name="signin" state=${t?"error":"loading"} title="Signing in">
    ${t?c`<${J} title="Sign-in failed" error=${t} />
        <p><a href="/ui/">Back to sign-in</a></p>`:c`<${ee} label="Finishing sign-in" />`}
  <//>`}function Vv(){let{path:e}=ws(),t=sc(),n=Ve(e);if(re(()=>{if(n.current===e)return;n.current=e;let o=document.getElementById("main");o&&!o.contains(document.activeElement)&&o.focus({preventScroll:!0})},[e]),e==="/ui/auth/callback")return c`<${id} auth=${t} />`;if(t.status==="signin")return c`<${Hi} auth=${t} path=${e} minimal=${!0} /><${sd} auth=${t} />`;let r=td(e),a=r.component;return c`<${Hi} auth=${t} path=${e} />
    <${a} key=${e} ...${r.params} />`}Yl();ql(document);od();gs(c`<${Vv} />`,document.getElementById("app"));
