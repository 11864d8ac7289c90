var Ne,_l,Ud,En,ls,Wa,xl,Ha,yl,us,cs,Hd,na=Symbol.for("pv"),Ba={},ja=[],Vd=/^m(i|n|o|s|text|space)$/,ps=Array.isArray,ds=ja.slice,Zn=Object.assign;function Jn(e){e&&e.parentNode&&e.remove()}function wl(e,t,n){var r,a,o,i={},s=arguments.length;for(o in t)o=="key"?r=t[o]:o=="ref"&&typeof e!="function"?a=t[o]:i[o]=t[o];return s>2&&(i.children=s>3?ds.call(arguments,2):n),ta(e,i,r,a,null)}function ta(e,t,n,r,a){var o={type:e,props:t,key:n,ref:r,__k:null,__:null,__b:0,__e:null,__c:null,constructor:na,__v:a||++_l,__i:-1,__u:0};return!a&&Ne.vnode&&Ne.vnode(o),o}function ra(e){return e.children}function Nn(e,t){this.props=e,this.context=t,this.__g=0}function Pn(e,t){if(t==null)return e.__&&Pn(e.__,e.__i+1);for(var n;t<e.__k.length;t++)if((n=e.__k[t])&&n.__e)return n.__e;return typeof e.type!="function"||e.props.__P?null:Pn(e)}function Wd(e){var t,n=e.__v,r=n.__e,a=[],o=[],i=e.__P;i&&((t=Zn({constructor:na},n)).__v=n.__v+1,Ne.vnode&&Ne.vnode(t),fs(i,t,n,e.__n,i.namespaceURI,32&n.__u?[r]:null,a,r||Pn(n),32&n.__u,o),t.__v=n.__v,t.__.__k[t.__i]=t,Cl(a,t,o),n.__=n.__e=null,t.__e!=r&&kl(t))}function kl(e){if((e=e.__)&&e.__c&&!e.props.__P)return e.__e=null,e.__k.some(function(t){return t&&(e.__e=t.__e)}),kl(e)}function vl(e){(8&e.__g||(e.__g|=8,En.push(e),Wa++))&&ls==Ne.debounceRendering||((ls=Ne.debounceRendering)||queueMicrotask)(Sl)}function Sl(){try{for(var e,t=1;En.length;)En.length>t&&En.sort(xl),e=En.shift(),t=En.length,8&e.__g&&Wd(e)}finally{(Wa=En.length)&&(ls||queueMicrotask)(Sl)}}function Tl(e,t,n,r,a,o,i,s,l,p,u){var f,h,m,y,v,w,$=r.__k||ja,_=t.length;for(l=Bd(n,t,$,l,_),f=0;f<_;f++)(m=n.__k[f])!=null&&(h=~m.__i&&$[m.__i]||Ba,m.__i=f,w=fs(e,m,h,a,o,i,s,l,p,u),y=m.__e,(h.ref!=m.ref||8&h.__u)&&(h.ref&&ms(h.ref,null,m,h),m.ref&&u.push(m.ref,m.__c||y,m)),v=v||y,4&m.__u?(l=Ml(m,l,e,!h.__v),h.__e&&(h.__e=null)):typeof m.type=="function"&&w!==void 0?l=w:y&&(l=y.nextSibling),m.__u&=-21);return n.__e=v,l}function Bd(e,t,n,r,a){var o,i,s,l,p,u,f,h,m,y=n.length,v=y,w=0,$=0,_=e.__k=Array(a);for(o=0;o<a;o++)(i=t[o])!=null&&typeof i!="boolean"&&typeof i!="function"?(typeof i!="object"||i.constructor===String?i=_[o]=ta(null,i):ps(i)?i=_[o]=ta(ra,{children:i}):i.constructor===na&&i.__b?i=_[o]=ta(i.type,i.props,i.key,i.ref,i.__v):_[o]=i,l=o+w,i.__=e,i.__b=e.__b+1,s=null,~(p=i.__i=jd(i,n,l,v))&&(v--,(s=n[p])&&(s.__u|=2)),s&&s.__v?(i.__u|=16,p==l-1?w--:p==l+1?w++:p!=l&&(p>l?w--:w++,$=1)):(~p||(a>y?w--:a<y&&w++),typeof i.type!="function"&&(i.__u|=4))):_[o]=null;if($){for(u=[],f=[],o=0;o<a;o++)if((i=_[o])&&16&i.__u){for(w=0,h=u.length;w<h;)u[m=w+h>>1]<i.__i?w=m+1:h=m;u[w]=i.__i,f[o]=w+1}for(w=u.length;o--;)f[o]&&(f[o]==w?w--:_[o].__u|=4)}if(v)for(o=0;o<y;o++)!(s=n[o])||2&s.__u||(s.__e==r&&(r=Pn(s)),hs(s,s));return r}function Ml(e,t,n,r){var a,o,i,s;if(typeof e.type=="function"){if(e.props.__P)return t;if(a=e.__k)for(o=0;o<a.length;o++)a[o]&&(a[o].__=e,t=Ml(a[o],t,n,!1));return t}for(t&&!t.parentNode&&(t=Pn(e))&&!t.parentNode&&(t=null),i=e.__e,s=t;s&&s.nodeType==8;)s=s.nextSibling;for(i!=s&&(!r&&n.moveBefore&&i.parentNode?n.moveBefore(i,t):n.insertBefore(i,t||null)),t=i;(t=t&&t.nextSibling)&&t.nodeType==8&&!t.data.startsWith("$s"););return t}function jd(e,t,n,r){var a,o=e.key,i=e.type,s=t[n],l=s&&!(2&s.__u);if(s===null&&o==null||l&&o==s.key&&i==s.type)return n;if(r>(l?1:0)){for(a=n-1;a>=0;a--)if((s=t[a])&&!(2&s.__u)&&o==s.key&&i==s.type)return a;for(a=n+1;a<t.length;a++)if((s=t[a])&&!(2&s.__u)&&o==s.key&&i==s.type)return a}return-1}function bl(e,t,n){n==null&&(n=""),t[0]=="-"?e.setProperty(t,n):e[t]=n}function Ua(e,t,n,r,a){var o,i;if(t=="style")if(typeof n=="string")e.style.cssText=n;else{if(typeof r=="string"&&(e.style.cssText=r=""),r)for(t in r)n&&t in n||bl(e.style,t);if(n)for(t in n)r&&n[t]==r[t]||bl(e.style,t,n[t])}else if(t[0]=="o"&&t[1]=="n")typeof n!="function"&&(n=null),typeof r!="function"&&(r=null),(e.__e||(e.__e={}))[t]=n,n&&r||(i=cs[t]||(cs[t]=Kd(t)),(e.__a||(e.__a={}))[t]=us,o=t!=(t=t.replace(yl,"$1")),(t=t.slice(2))[0]<"a"&&(t=t.toLowerCase()),n?e.addEventListener(t,i,o):e.removeEventListener(t,i,o));else{if(a=="http://www.w3.org/2000/svg")t=t.replace(/xlink(H|:h)/,"h").replace(/sName$/,"s");else if(t!="width"&&t!="height"&&t!="href"&&t!="list"&&t!="form"&&t!="tabIndex"&&t!="download"&&t!="rowSpan"&&t!="colSpan"&&t!="role"&&t!="popover"&&t in e)try{return void(e[t]=n??"")}catch{}if(typeof n=="function")return;n==null||n===!1&&t[4]!="-"?e.removeAttribute(t):e.setAttribute(t,t=="popover"&&n==1?"":n)}}function Kd(e){return function(t){var n=this.__e;if(n){if(n=n[e],t[Ha]==null)t[Ha]=us++;else if(t[Ha]<this.__a[e])return;return n(Ne.event?Ne.event(t):t)}}}function fs(e,t,n,r,a,o,i,s,l,p){var u,f,h,m,y,v,w,$,_,T,S,M,E,I,D,C,R,P,j=t.type;if(t.constructor!==na)return null;128&n.__u&&(l=32&n.__u,u=n.__c.__z)&&(t.__u|=l,f=o=[],u.nodeType==8?s=Va(u,o):o.push(u),s=o[0]||s),(u=Ne.__b)&&u(t);e:if(typeof j=="function"){h=i.length;try{if($=t.props,_=(u=j.prototype)&&u.render,T=(u=j.contextType)&&r[u.__c],S=u?T?T.props.value:u.__:r,(m=n.__c)?(t.__c=m,2&m.__g&&(m.__g|=1)):(_?t.__c=m=new j($,S):(t.__c=m=new Nn($,S),m.constructor=j,m.render=Gd),T&&T.sub(m),m.state||(m.state={}),m.__n=r,m.__g|=8,m.__h=[],m.__k=[]),_&&(m.__s||(m.__s=m.state),j.getDerivedStateFromProps&&(m.__s==m.state&&(m.__s=Zn({},m.__s)),Zn(m.__s,j.getDerivedStateFromProps($,m.__s)))),y=m.props,v=m.state,m.__v=t,n.__c){if($!==y&&_&&!j.getDerivedStateFromProps&&m.componentWillReceiveProps&&m.componentWillReceiveProps($,S),t.__v==n.__v&&!(8&m.__g)||!(4&m.__g)&&m.shouldComponentUpdate&&m.shouldComponentUpdate($,m.__s,S)===!1){t.__v!=n.__v&&(m.props=$,m.state=m.__s,m.__g&=-9),t.__e=n.__e,t.__k=n.__k,t.__k.some(function(U){U&&(U.__=t)}),ja.push.apply(m.__h,m.__k),m.__k=[],m.__h.length&&i.push(m),s=Pn(n);break e}m.componentWillUpdate&&m.componentWillUpdate($,m.__s,S),_&&m.componentDidUpdate&&m.__h.push(function(){m.componentDidUpdate(y,v,w)})}else _&&!j.getDerivedStateFromProps&&m.componentWillMount&&m.componentWillMount(),_&&m.componentDidMount&&m.__h.push(m.componentDidMount);m.context=S,m.props=$,m.__P=e,m.__g&=-5,M=Ne.__r,E=_?25:0;do m.__g&=-9,M&&M(t),u=m.render(m.props,m.state=m.__s,m.context);while(8&m.__g&&++E<25);_&&(ja.push.apply(m.__h,m.__k),m.__k=[]),m.state=m.__s,m.getChildContext&&(r=Zn({},r,m.getChildContext())),_&&n.__c&&m.getSnapshotBeforeUpdate&&(w=m.getSnapshotBeforeUpdate(y,v)),I=u&&u.type===ra&&u.key==null?u.props.children:u,$.__P&&(u=s,a=(e=$.__P).namespaceURI,l=o=null,n.props&&n.props.__P!=e&&(n.__k.some(function(U){U&&hs(U,U)}),n.__k=null),s=n.__k?Pn(n,0):null),s=Tl(e,ps(I)?I:[I],t,n,r,a,o,i,s,l,p),$.__P&&(t.__e=null,s=u),t.__u&=-161,f&&f.some(Jn),m.__h.length&&i.push(m),1&m.__g&&(m.__g&=-4)}catch(U){if(i.length=h,t.__v=null,l||o)if(U&&U.then){if(t.__u|=128|l,o){for(~(R=o.indexOf(s||void 0))||(R=o.length);(P=o[R-1])&&P.nodeType==8;)R--;for(;R<o.length;R++)if(P=o[R])if(o[R]=null,D){if(P==C)break}else{if(P.nodeType!=8)break;P.data.startsWith("$s")&&(C=Va(D=P))}}if(!D){for(;s&&s.nodeType==8&&s.nextSibling;)s=s.nextSibling;D=s}(u=Va(D=t.__c.__z||(t.__c.__z=D)))?(t.__e=D,s=u):t.__e=s,s=s&&s.nextSibling}else o&&o.some(Jn);else t.__e=n.__e;t.__k||(t.__k=n.__k||[]),U&&U.then||Al(t),Ne.__e(U,t,n)}}else s=t.__e=qd(n.__e,t,n,r,a,o,i,l,p,e);return(u=Ne.diffed)&&u(t),s}function Va(e,t){if(e&&e.nodeType==8&&e.data.startsWith("$s"))for(var n=1;e=e.nextSibling;){if(e.nodeType==8){if(e.data.startsWith("$s"))n++;else if(e.data.startsWith("/$s")&&!--n)return e}t&&t.push(e)}}function Al(e){e&&(e.__c&&(e.__c.__g|=4),e.__k&&e.__k.some(Al))}function Cl(e,t,n){for(var r=0;r<n.length;)ms(n[r++],n[r++],n[r++]);Ne.__c&&Ne.__c(t,e),e.some(function(a){try{e=a.__h,a.__h=[],e.some(function(o){o.call(a)})}catch(o){Ne.__e(o,a.__v)}})}function qd(e,t,n,r,a,o,i,s,l,p){var u,f,h,m,y,v,w,$,_=n.props||Ba,T=t.props,S=t.type;if(S=="svg"?a="http://www.w3.org/2000/svg":S=="math"?a="http://www.w3.org/1998/Math/MathML":a||(a="http://www.w3.org/1999/xhtml"),o){for(u=0;u<o.length;u++)if((y=o[u])&&(S?y.localName==S:y.nodeType==3)){e=y,o[u]=null;break}}if(!e){if($=p.ownerDocument||document,!S)return $.createTextNode(T);e=$.createElementNS(a,S,T.is?T:p),s&&(Ne.__m&&Ne.__m(t,o),s=!1),o=null}if(S){if(p=S=="template"&&e.content||e,o=S=="textarea"&&T.defaultValue!=null?null:o&&ds.call(p.childNodes),!s&&o)for(_={},u=0;u<e.attributes.length;u++)_[(y=e.attributes[u]).name]=y.value;for(u in _)y=_[u],u=="dangerouslySetInnerHTML"?h=y:u=="children"||u in T||u=="value"&&"defaultValue"in T||u=="checked"&&"defaultChecked"in T||Ua(e,u,null,y,a);for(u in T)y=T[u],u=="children"?m=y:u=="dangerouslySetInnerHTML"?f=y:u=="value"?v=y:u=="checked"?w=y:s&&typeof y!="function"||_[u]===y||Ua(e,u,y,_[u],a);f?(s||h&&(f.__html==h.__html||f.__html==e.innerHTML)||(e.innerHTML=f.__html),t.__k=[]):(h&&(e.textContent=""),(S=="foreignObject"||a=="http://www.w3.org/1998/Math/MathML"&&Vd.test(S))&&(a="http://www.w3.org/1999/xhtml"),Tl(p,ps(m)?m:[m],t,n,r,a,o,i,o?o[0]:n.__k&&Pn(n,0),s,l),o&&o.some(Jn)),s&&S!="textarea"||(u="value",S=="progress"&&v==null?e.removeAttribute(u):v==null||v===e[u]&&(S!="progress"||v)||Ua(e,u,v,_[u],a),u="checked",w!=null&&w!=e[u]&&Ua(e,u,w,_[u],a))}else _===T||s&&e.data==T||(e.data=T);return e}function ms(e,t,n,r){try{typeof e=="function"?t?t.__x=e(t)||1:r&&(r=r.__c||r.__e)&&(t=r.__x)&&(r.__x=null,typeof t=="function"?t():e(null)):e.current=t}catch(a){Ne.__e(a,n)}}function hs(e,t,n){var r,a,o,i;if(Ne.unmount&&Ne.unmount(e),!(r=e.ref)||r.current&&r.current!=e.__e||ms(r,null,t,e),r=e.__c){if(r.componentWillUnmount)try{r.componentWillUnmount()}catch(s){Ne.__e(s,t)}r.__P=r.__n=null}if(r=e.__k)for(i=0;i<r.length;i++)r[i]&&hs(r[i],t,typeof e.type!="function"||n&&!e.props.__P);!n&&(r=e.__c)&&(r=r.__z)&&(a=Va(r,o=[]))&&(r==e.__e&&o.some(Jn),Jn(a),Jn(r)),n||Jn(e.__e),e.__e=e.__c=e.__=null}function Gd(e,t,n){return this.constructor(e,n)}function gs(e,t){var n,r,a,o;Ne.__&&Ne.__(e,t),t.nodeType==9&&(t=t.documentElement),r=(n=e&&32&e.__u)?null:t.__k,t.__k=ta(ra,{children:[e]}),a=[],o=[],fs(t,t.__k,r||Ba,Ba,t.namespaceURI,r?null:t.firstChild?ds.call(t.childNodes):null,a,r?r.__e:t.firstChild,n,o),Cl(a,t.__k,o),t.__k.props.children=null}Ne={__e:function(e,t,n,r){for(var a,o,i;t=t.__;)if((a=t.__c)&&!(1&a.__g)){a.__g|=4;try{if((i=(o=a.constructor)&&o.getDerivedStateFromError)&&a.setState(o.getDerivedStateFromError(e)),a.componentDidCatch&&(a.componentDidCatch(e,r||{}),i=1),i&&8&a.__g)return void(a.__g|=2)}catch(s){e=s}}throw Wa=0,e}},_l=0,Ud=function(e){return e!=null&&e.constructor===na},Nn.prototype.setState=function(e,t){var n=this.__s;n&&n!=this.state||(n=this.__s=Zn({},this.state)),typeof e=="function"&&(e=e(Zn({},n),this.props)),e&&(Zn(n,e),this.__v&&(t&&this.__k.push(t),vl(this)))},Nn.prototype.forceUpdate=function(e){this.__v&&(this.__g|=4,e&&this.__h.push(e),vl(this))},Nn.prototype.render=ra,En=[],Wa=0,xl=function(e,t){return e.__v.__b-t.__v.__b},Ha=Symbol(),yl=/(PointerCapture)$|Capture$/i,us=0,cs={},Hd=0;var Nl=function(e,t,n,r){var a;t[0]=0;for(var o=1;o<t.length;o++){var i=t[o++],s=t[o]?(t[0]|=i?1:2,n[t[o++]]):t[++o];i===3?r[0]=s:i===4?r[1]=Object.assign(r[1]||{},s):i===5?(r[1]=r[1]||{})[t[++o]]=s:i===6?r[1][t[++o]]+=s+"":i?(a=e.apply(s,Nl(e,s,n,["",null])),r.push(a),s[0]?t[0]|=2:(t[o-2]=0,t[o]=a)):r.push(s)}return r},El=new Map;function Pl(e){var t=El.get(this);return t||(t=new Map,El.set(this,t)),(t=Nl(this,t.get(e)||(t.set(e,t=(function(n){for(var r,a,o=1,i="",s="",l=[0],p=function(h){o===1&&(h||(i=i.replace(/^\s*\n\s*|\s*\n\s*$/g,"")))?l.push(0,h,i):o===3&&(h||i)?(l.push(3,h,i),o=2):o===2&&i==="..."&&h?l.push(4,h,0):o===2&&i&&!h?l.push(5,0,!0,i):o>=5&&((i||!h&&o===5)&&(l.push(o,0,i,a),o=6),h&&(l.push(o,h,0,a),o=6)),i=""},u=0;u<n.length;u++){u&&(o===1&&p(),p(u));for(var f=0;f<n[u].length;f++)r=n[u][f],o===1?r==="<"?(p(),l=[l],o=3):i+=r:o===4?i==="--"&&r===">"?(o=1,i=""):i=r+i[0]:s?r===s?s="":i+=r:r==='"'||r==="'"?s=r:r===">"?(p(),o=1):o&&(r==="="?(o=5,a=i,i=""):r==="/"&&(o<5||n[u][f+1]===">")?(p(),o===3&&(l=l[0]),o=l,(l=l[0]).push(2,0,o),o=0):r===" "||r==="	"||r===`
`||r==="\r"?(p(),o=2):i+=r),o===3&&i==="!--"&&(o=4,l=l[0])}return p(),l})(e)),t),arguments,[])).length>1?t:t[0]}var Cr,Qe,$s,Rl,vs=Object.is,oa=0,Vl=[],bs=[],Ke=Ne,Ll=Ke.__b,Dl=Ke.__r,Ol=Ke.diffed,Il=Ke.__c,Fl=Ke.unmount,zl=Ke.__;function Ka(e,t){Ke.__h&&Ke.__h(Qe,e,oa||t),oa=0;var n=Qe.__H||(Qe.__H={__:[],__h:[]});return e>=n.__.length&&n.__.push({}),n.__[e]}function z(e){return oa=1,Wl(Bl,e)}function Wl(e,t,n){var r=Ka(Cr++,2);if(r.t=e,!r.__c&&(r.__=[n?n(t):Bl(void 0,t),function(o){var i=(r.__N||r.__)[0],s=r.t(i,o);vs(i,s)||(r.__N=[s,r.__[1]],r.__c.setState({}))}],r.__c=Qe,!Qe.__f)){Qe.__f=!0;var a=Qe.shouldComponentUpdate;Qe.shouldComponentUpdate=function(o,i,s){var l=this.__H;if(!l)return!0;var p=!1,u=this.props!=o;if(l.__.some(function(h){h.__N&&(p=!0,vs(h.__[0],h.__N[0])||(u=!0))}),a){var f=a.call(this,o,i,s);return p?f||u:f}return!p||u}}return r.__}function re(e,t){var n=Ka(Cr++,3);!Ke.__s&&xs(n.__H,t)&&(n.__P=!0,n.__=e,n.u=t,Qe.__H.__h.push(n))}function sa(e,t){var n=Ka(Cr++,4);!Ke.__s&&xs(n.__H,t)&&(n.__P=!1,n.__=e,n.u=t,Qe.__h.push(n))}function Ve(e){return oa=5,Ue(function(){return{current:e}},[])}function Ue(e,t){var n=Ka(Cr++,7);return xs(n.__H,t)&&(n.__=e(),n.__H=t),n.__}function Dt(e,t){return oa=8,Ue(function(){return e},t)}function Yd(){var e;do{for(;e=bs.shift();)try{aa(e)}catch(n){Ke.__e(n,{__:(e=e.__P)&&e.__v})}for(;e=Vl.shift();){var t=e.__H;if(e.__P&&t)try{t.__h.some(aa),t.__h.some(_s),t.__h=[]}catch(n){t.__h=[],Ke.__e(n,e.__v)}}}while(bs.length)}Ke.__b=function(e){Qe=null,Ll&&Ll(e)},Ke.__=function(e,t){e&&t.__k&&t.__k.__m&&(e.__m=t.__k.__m),zl&&zl(e,t)},Ke.__r=function(e){Dl&&Dl(e),Cr=0;var t=(Qe=e.__c).__H;t&&($s==Qe?Qe.__h=[]:(t.__h.some(aa),t.__h.some(_s),Cr=0),t.__h=[],t.__.some(function(n){n.__N&&(n.__=n.__N),n.u=n.__N=void 0})),$s=Qe},Ke.diffed=function(e){Ol&&Ol(e);var t=e.__c;t&&t.__H&&(t.__H.__h.length&&Hl(Vl.push(t)),t.__H.__.some(function(n){n.u&&(n.__H=n.u)})),$s=Qe=null},Ke.__c=function(e,t){t.some(function(n){try{n.__h.some(aa),n.__h=n.__h.filter(function(r){return!r.__||_s(r)})}catch(r){n.__h=[function(){throw r}]}}),Il&&Il(e,t)},Ke.unmount=function(e){Fl&&Fl(e);var t,n,r=e.__c;r&&r.__H&&(r.__H.__.some(function(a){try{if(a.__P&&a.__c){if(n===void 0){for(n=e.__;n&&(!n.__c||!n.__c.__P);)n=n.__;n=n&&n.__c}a.__P=n,Hl(bs.push(a))}else aa(a)}catch(o){t=o}}),r.__H=void 0,t&&Ke.__e(t,r.__v))};var Ul=typeof requestAnimationFrame=="function";function Qd(e){var t,n=function(){clearTimeout(r),Ul&&cancelAnimationFrame(t),setTimeout(e)},r=setTimeout(n,35);Ul&&(t=requestAnimationFrame(n))}function Hl(e){e!=1&&Rl==Ke.requestAnimationFrame||((Rl=Ke.requestAnimationFrame)||Qd)(Yd)}function aa(e){var t=Qe,n=e.__c;typeof n=="function"&&(e.__c=void 0,n()),Qe=t}function _s(e){var t=Qe;e.__c=e.__(),Qe=t}function xs(e,t){return!e||e.length!=t.length||t.some(function(n,r){return!vs(n,e[r])})}function Bl(e,t){return typeof t=="function"?t(e):t}var c=Pl.bind(wl);var ys=new Set,jl=()=>{for(let e of[...ys])e()};window.addEventListener("popstate",jl);function et(e,{replace:t=!1}={}){let n=new URL(e,location.href);if(n.origin!==location.origin){location.assign(n.href);return}let r=n.pathname+n.search+n.hash;r!==location.pathname+location.search+location.hash&&(history[t?"replaceState":"pushState"](null,"",r),t||window.scrollTo(0,0),jl())}function ws(){let[,e]=z(0);return re(()=>{let t=()=>e(n=>n+1);return ys.add(t),()=>ys.delete(t)},[]),{path:location.pathname,search:location.search}}function Er(e){let t={};for(let[n,r]of new URLSearchParams(e))n in t?t[n]=[...ct(t[n]),r]:t[n]=r;return t}var ct=e=>e==null?[]:Array.isArray(e)?e:[e];function ia(e){let t=new URLSearchParams;for(let[r,a]of Object.entries(e))for(let o of ct(a))o!==""&&o!=null&&t.append(r,String(o));let n=t.toString();return n?`?${n}`:""}var Ot=(e,t={})=>e+ia(t);function ut(){let{search:e}=ws(),t=Er(e),n=Dt((r,a)=>{let o={...Er(location.search),...r};for(let i of Object.keys(o))(o[i]==null||o[i]==="")&&delete o[i];et(Ot(location.pathname,o),a)},[]);return[t,n]}function Nr(e,t){let[n,r]=ut(),a=Dt((o,i)=>r({[e]:o},i),[e]);return[n[e]??t,a]}function Kl(e){e.addEventListener("click",t=>{if(t.defaultPrevented||t.button!==0||t.metaKey||t.ctrlKey||t.shiftKey||t.altKey)return;let n=t.target.closest&&t.target.closest("a[href]");if(!n||n.getAttribute("target")||n.hasAttribute("download"))return;let r=new URL(n.getAttribute("href"),location.href);r.origin!==location.origin||!r.pathname.startsWith("/ui/")||r.pathname.startsWith("/ui/assets/")||r.pathname.endsWith(".txt")||r.hash&&r.pathname===location.pathname&&r.search===location.search||(t.preventDefault(),et(r.pathname+r.search+r.hash))})}var ql="ophion.theme";function Gl(){return document.documentElement.dataset.theme==="light"?"light":"dark"}function Yl(){let e=null;try{e=localStorage.getItem(ql)}catch{}e!=="dark"&&e!=="light"&&(e=matchMedia("(prefers-color-scheme: light)").matches?"light":"dark"),document.documentElement.dataset.theme=e}function Ql(e){document.documentElement.dataset.theme=e;try{localStorage.setItem(ql,e)}catch{}window.dispatchEvent(new Event("ophion:theme"))}var Ss="ophion.credential",ca=()=>sessionStorage.getItem(Ss),Ts=e=>sessionStorage.setItem(Ss,e),qa=()=>sessionStorage.removeItem(Ss),ks=new Set;function Zl(e){return ks.add(e),()=>ks.delete(e)}function Xl(){let e=ca()!==null;qa();for(let t of[...ks])t(e)}var la=class extends Error{constructor(t,n,r=""){super(n),this.name="ApiError",this.status=t,this.code=r}};function ec(e={}){let t={accept:"application/json",...e},n=ca();return n&&(t.authorization=`Bearer ${n}`),t}var Jd=(e,t,n)=>typeof t=="number"&&Number.isInteger(t)&&!Number.isSafeInteger(t)&&n&&n.source&&!/(_nano|_ns)$/.test(e)?n.source:t,Zd=/[:,[]\s*-?\d{16}/g,Xd=/_(?:nano|ns)"$/,tc=e=>{for(let t of e.matchAll(Zd)){let n=e.slice(Math.max(0,t.index-8),t.index);if(t[0][0]!==":"||!Xd.test(n))return JSON.parse(e,Jd)}return JSON.parse(e)};async function Jl(e,t,n,r,a){let o;try{o=await fetch(t+ia(n||{}),{method:e,signal:a,headers:ec(r===void 0?{}:{"content-type":"application/json"}),body:r===void 0?void 0:JSON.stringify(r)})}catch(l){throw l.name==="AbortError"?l:new la(0,`Ophion is unreachable (${l.message}). Is the server running?`,"network")}let i=await o.text(),s=null;try{s=i?tc(i):null}catch{}if(o.status===401&&!t.startsWith("/api/v1/auth/")&&Xl(),!o.ok){let l=s&&s.error,p=l&&(l.message||typeof l=="string"&&l)||i.slice(0,300)||`${o.status} ${o.statusText}`;throw new la(o.status,p,l&&l.code)}return s}var Z={get:(e,t,{signal:n}={})=>Jl("GET",e,t,void 0,n),send:(e,t,n,{signal:r}={})=>Jl(e,t,null,n,r)};function ae(e,t,{enabled:n=!0}={}){let r=e&&n?e+ia(t||{}):null,a=Ve(t);return a.current=t,It(r&&(o=>Z.get(e,a.current,{signal:o})),[r])}function It(e,t){let[n,r]=z({data:void 0,error:null,loading:!!e}),[a,o]=z(0);sa(()=>{if(!e){r({data:void 0,error:null,loading:!1});return}let s=new AbortController;return r(l=>l.loading&&!l.error?l:{data:l.data,error:null,loading:!0}),e(s.signal).then(l=>{s.signal.aborted||r({data:l,error:null,loading:!1})},l=>{l.name!=="AbortError"&&!s.signal.aborted&&r({data:void 0,error:l,loading:!1})}),()=>s.abort()},[...t,a]);let i=Dt(()=>o(s=>s+1),[]);return{...n,reload:i}}async function nc(e,t,{onOpen:n,onEvent:r,onError:a,signal:o}={}){try{let i=await fetch(e+ia(t||{}),{signal:o,headers:ec({accept:"text/event-stream"})});if(!i.ok){let p=await i.text(),u=p;try{u=JSON.parse(p).error.message}catch{}throw i.status===401&&Xl(),new la(i.status,u||`${i.status} ${i.statusText}`)}n&&n();let s=i.body.pipeThrough(new TextDecoderStream).getReader(),l="";for(;;){let{value:p,done:u}=await s.read();if(u)break;l+=p;let f;for(;(f=l.search(/\r?\n\r?\n/))>=0;){let h=l.slice(0,f);l=l.slice(f).replace(/^\r?\n\r?\n/,""),ef(h,r)}}}catch(i){i.name!=="AbortError"&&a&&a(i)}}function ef(e,t){let n="message",r=[];for(let i of e.split(/\r?\n/)){if(!i||i.startsWith(":"))continue;let s=i.indexOf(":"),l=s<0?i:i.slice(0,s),p=s<0?"":i.slice(s+1).replace(/^ /,"");l==="event"?n=p:l==="data"&&r.push(p)}if(!r.length)return;let a=r.join(`
`),o=a;try{o=tc(a)}catch{}t&&t(n,o)}var tf=new Uint32Array([1116352408,1899447441,3049323471,3921009573,961987163,1508970993,2453635748,2870763221,3624381080,310598401,607225278,1426881987,1925078388,2162078206,2614888103,3248222580,3835390401,4022224774,264347078,604807628,770255983,1249150122,1555081692,1996064986,2554220882,2821834349,2952996808,3210313671,3336571891,3584528711,113926993,338241895,666307205,773529912,1294757372,1396182291,1695183700,1986661051,2177026350,2456956037,2730485921,2820302411,3259730800,3345764771,3516065817,3600352804,4094571909,275423344,430227734,506948616,659060556,883997877,958139571,1322822218,1537002063,1747873779,1955562222,2024104815,2227730452,2361852424,2428436474,2756734187,3204031479,3329325298]),mn=(e,t)=>e>>>t|e<<32-t;function rc(e){let t=e.length*8,n=new Uint8Array(e.length+9+63>>6<<6);n.set(e),n[e.length]=128;let r=new DataView(n.buffer);r.setUint32(n.length-8,Math.floor(t/2**32)),r.setUint32(n.length-4,t>>>0);let a=new Uint32Array([1779033703,3144134277,1013904242,2773480762,1359893119,2600822924,528734635,1541459225]),o=new Uint32Array(64);for(let l=0;l<n.length;l+=64){for(let $=0;$<16;$++)o[$]=r.getUint32(l+$*4);for(let $=16;$<64;$++){let _=mn(o[$-15],7)^mn(o[$-15],18)^o[$-15]>>>3,T=mn(o[$-2],17)^mn(o[$-2],19)^o[$-2]>>>10;o[$]=o[$-16]+_+o[$-7]+T>>>0}let[p,u,f,h,m,y,v,w]=a;for(let $=0;$<64;$++){let _=w+(mn(m,6)^mn(m,11)^mn(m,25))+(m&y^~m&v)+tf[$]+o[$]>>>0,T=(mn(p,2)^mn(p,13)^mn(p,22))+(p&u^p&f^u&f)>>>0;w=v,v=y,y=m,m=h+_>>>0,h=f,f=u,u=p,p=_+T>>>0}a[0]+=p,a[1]+=u,a[2]+=f,a[3]+=h,a[4]+=m,a[5]+=y,a[6]+=v,a[7]+=w}let i=new Uint8Array(32),s=new DataView(i.buffer);for(let l=0;l<8;l++)s.setUint32(l*4,a[l]);return i}var ac={required:!1,api_keys:!0,oidc:null},Ms="ophion.oidc",As="/ui/auth/callback";function sc(){let[e,t]=z({status:"ready",config:ac,reason:"",known:!1});re(()=>{let i=s=>t(l=>({...l,config:s,known:!0,status:s.required&&!ca()?"signin":l.status}));return Z.get("/api/v1/auth/config").then(i,s=>i({...ac,required:s.status===401})),Zl(s=>t(l=>({...l,status:"signin",reason:s&&l.status==="ready"?"Your session ended or the credential was refused. Sign in again.":l.reason})))},[]);let n=Dt(async i=>{Ts(i);try{await Z.get("/api/v1/whoami")}catch(s){throw qa(),s}t(s=>({...s,status:"ready",reason:""}))},[]),r=Dt(()=>{qa(),t(i=>({...i,status:i.config.required?"signin":"ready",reason:"Signed out."}))},[]),a=Dt(()=>rf(e.config.oidc),[e.config]),o=Dt(async i=>{let s=await af(i);return t(l=>({...l,status:"ready",reason:""})),s},[]);return{...e,hasCredential:ca()!==null,signInWithKey:n,signOut:r,startOidc:a,finishOidc:o}}var ic=e=>btoa(String.fromCharCode(...e)).replace(/\+/g,"-").replace(/\//g,"_").replace(/=+$/,""),oc=e=>ic(crypto.getRandomValues(new Uint8Array(e)));async function nf(e){let t=new TextEncoder().encode(e),n=crypto.subtle?new Uint8Array(await crypto.subtle.digest("SHA-256",t)):rc(t);return ic(n)}async function rf(e){let t=oc(32),n=oc(16),r=location.pathname.startsWith(As)?"/ui/":location.pathname+location.search;sessionStorage.setItem(Ms,JSON.stringify({verifier:t,state:n,returnTo:r}));let a=new URL(e.authorization_endpoint);a.searchParams.set("response_type","code"),a.searchParams.set("client_id",e.client_id),a.searchParams.set("redirect_uri",location.origin+As),a.searchParams.set("scope",e.scope||"openid"),a.searchParams.set("state",n),a.searchParams.set("code_challenge",await nf(t)),a.searchParams.set("code_challenge_method","S256"),location.assign(a.href)}async function af(e){if(e.error)throw new Error(`The identity provider refused the sign-in: ${e.error_description||e.error}`);let t=null;try{t=JSON.parse(sessionStorage.getItem(Ms))}catch{}if(sessionStorage.removeItem(Ms),!t||!e.code||e.state!==t.state)throw new Error("This sign-in link is stale or was not started here. Start the sign-in again.");let n=await Z.send("POST","/api/v1/auth/token",{code:e.code,code_verifier:t.verifier,redirect_uri:location.origin+As});if(!n||!n.access_token)throw new Error("Ophion returned no access token.");return Ts(n.access_token),t.returnTo||"/ui/"}var Ga={from:"now-1h",to:"now"},Ps=[{from:"now-5m",label:"Last 5 minutes"},{from:"now-15m",label:"Last 15 minutes"},{from:"now-1h",label:"Last 1 hour"},{from:"now-6h",label:"Last 6 hours"},{from:"now-24h",label:"Last 24 hours"},{from:"now-7d",label:"Last 7 days"},{from:"now-30d",label:"Last 30 days"}],of={s:1e3,m:6e4,h:36e5,d:864e5,w:7*864e5},sf=e=>typeof e=="string"&&e.startsWith("now");function lc(e,t=Date.now()){if(e==null||e==="")return NaN;let n=String(e).trim(),r=n.match(/^now(?:-(\d+(?:\.\d+)?)([smhdw]))?$/);return r?r[1]?t-Number(r[1])*of[r[2]]:t:/^\d+$/.test(n)?Number(n):Date.parse(n)}function cc({from:e,to:t},n=Date.now()){let r=lc(e,n),a=lc(t,n);return Number.isFinite(a)||(a=n),(!Number.isFinite(r)||r>=a)&&(r=a-36e5),{start:Math.floor(r),end:Math.ceil(a)}}function uc(e){return{from:e.from??e.start??Ga.from,to:e.to??e.end??Ga.to}}var lf=[1,5,10,15,30,60,120,300,600,900,1800,3600,7200,10800,21600,43200,86400];function cf(e,t,n=60){let r=(t-e)/1e3/n,a=lf.find(o=>o>=r)??86400;return a%3600===0?`${a/3600}h`:a%60===0?`${a/60}m`:`${a}s`}var Ya=e=>{let t=String(e).match(/^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/);return t?Number(t[1])*{ms:1,s:1e3,m:6e4,h:36e5,d:864e5}[t[2]||"ms"]:6e4},Es=0,Ns=new Set;function uf(){Es+=1;for(let e of[...Ns])e(Es)}function qe(){let[e,t]=ut(),{from:n,to:r}=uc(e),[a,o]=z(Es);re(()=>(Ns.add(o),()=>Ns.delete(o)),[]);let{start:i,end:s}=Ue(()=>cc({from:n,to:r}),[n,r,a]),l=Dt(p=>t({from:p.from,to:p.to,start:null,end:null}),[]);return{from:n,to:r,start:i,end:s,step:cf(i,s),setRange:l,refresh:uf,params:{start:i,end:s}}}function F(e,t={}){let{from:n,to:r}=uc(Er(location.search)),a=n===Ga.from&&r===Ga.to?{}:{from:n,to:r};return Ot(e,{...t,...a})}function Qa({from:e,to:t}){let n=Ps.find(o=>o.from===e);if(n&&t==="now")return n.label;if(sf(e)&&t==="now")return`Last ${e.slice(4)}`;let{start:r,end:a}=cc({from:e,to:t});return`${Pe(r)} → ${Pe(a)}`}var K=e=>Number(e)/1e6;function pe(e){if(e==null||!Number.isFinite(Number(e)))return"–";let t=Number(e);return t===0?"0 ms":t<.001?`${Math.round(t*1e6)} ns`:t<1?`${Cs(t*1e3)} µs`:t<1e3?`${Cs(t)} ms`:t<6e4?`${Cs(t/1e3)} s`:t<36e5?`${Math.floor(t/6e4)}m ${Math.round(t%6e4/1e3)}s`:`${Math.floor(t/36e5)}h ${Math.round(t%36e5/6e4)}m`}var yt=e=>pe(K(e)),Cs=e=>e>=100?String(Math.round(e)):String(Number(e.toPrecision(e>=10?3:2))),nn=(e,t=2)=>String(e).padStart(t,"0");function pf(e){let t=new Date(e);return`${nn(t.getHours())}:${nn(t.getMinutes())}:${nn(t.getSeconds())}`}function Pe(e){let t=new Date(e);return`${t.getFullYear()}-${nn(t.getMonth()+1)}-${nn(t.getDate())} ${pf(e)}`}function Gt(e){let t=K(e);return`${Pe(t)}.${nn(Math.floor(t%1e3),3)}`}function Ft(e,t=Date.now()){let n=Math.round((t-e)/1e3);return n<60?`${Math.max(n,0)} s ago`:n<3600?`${Math.round(n/60)} min ago`:n<86400?`${Math.round(n/3600)} h ago`:`${Math.round(n/86400)} d ago`}function Rs(e){let t=new Date(e);return`${t.getFullYear()}-${nn(t.getMonth()+1)}-${nn(t.getDate())}T${nn(t.getHours())}:${nn(t.getMinutes())}:${nn(t.getSeconds())}`}var Ls=e=>new Date(e).getTime();var df="uplot",ff="u-hz",mf="u-vt",hf="u-title",gf="u-wrap",$f="u-under",vf="u-over",bf="u-axis",tr="u-off",_f="u-select",xf="u-cursor-x",yf="u-cursor-y",wf="u-cursor-pt",kf="u-legend",Sf="u-live",Tf="u-inline",Mf="u-series",Af="u-marker",pc="u-label",Cf="u-value",pa="width",da="height";var dc="bottom",Pr="left",Ds="right",Zs="#000",fc=Zs+"0",Os="mousemove",mc="mousedown",Is="mouseup",hc="mouseenter",gc="mouseleave",$c="dblclick",Ef="resize",Nf="scroll",vc="change",to="dppxchange",Xs="--",zr=typeof window<"u",Vs=zr?document:null,Lr=zr?window:null,Pf=zr?navigator:null,xe,Ja;function Ws(){let e=devicePixelRatio;xe!=e&&(xe=e,Ja&&js(vc,Ja,Ws),Ja=matchMedia(`(min-resolution: ${xe-.001}dppx) and (max-resolution: ${xe+.001}dppx)`),nr(vc,Ja,Ws),Lr.dispatchEvent(new CustomEvent(to)))}function zt(e,t){if(t!=null){let n=e.classList;!n.contains(t)&&n.add(t)}}function Bs(e,t){let n=e.classList;n.contains(t)&&n.remove(t)}function Oe(e,t,n){e.style[t]=n+"px"}function rn(e,t,n,r){let a=Vs.createElement(e);return t!=null&&zt(a,t),n?.insertBefore(a,r),a}function Yt(e,t){return rn("div",e,t)}var bc=new WeakMap;function hn(e,t,n,r,a){let o="translate("+t+"px,"+n+"px)",i=bc.get(e);o!=i&&(e.style.transform=o,bc.set(e,o),t<0||n<0||t>r||n>a?zt(e,tr):Bs(e,tr))}var _c=new WeakMap;function xc(e,t,n){let r=t+n,a=_c.get(e);r!=a&&(_c.set(e,r),e.style.background=t,e.style.borderColor=n)}var yc=new WeakMap;function wc(e,t,n,r){let a=t+""+n,o=yc.get(e);a!=o&&(yc.set(e,a),e.style.height=n+"px",e.style.width=t+"px",e.style.marginLeft=r?-t/2+"px":0,e.style.marginTop=r?-n/2+"px":0)}var ei={passive:!0},Rf={...ei,capture:!0};function nr(e,t,n,r){t.addEventListener(e,n,r?Rf:ei)}function js(e,t,n,r){t.removeEventListener(e,n,ei)}zr&&Ws();function an(e,t,n,r){let a;n=n||0,r=r||t.length-1;let o=r<=2147483647;for(;r-n>1;)a=o?n+r>>1:Ut((n+r)/2),t[a]<e?n=a:r=a;return e-t[n]<=t[r]-e?n:r}function Jc(e){return(n,r,a)=>{let o=-1,i=-1;for(let s=r;s<=a;s++)if(e(n[s])){o=s;break}for(let s=a;s>=r;s--)if(e(n[s])){i=s;break}return[o,i]}}var Zc=e=>e!=null,Xc=e=>e!=null&&e>0,ao=Jc(Zc),Lf=Jc(Xc);function Df(e,t,n,r=0,a=!1){let o=a?Lf:ao,i=a?Xc:Zc;[t,n]=o(e,t,n);let s=e[t],l=e[t];if(t>-1)if(r==1)s=e[t],l=e[n];else if(r==-1)s=e[n],l=e[t];else for(let p=t;p<=n;p++){let u=e[p];i(u)&&(u<s?s=u:u>l&&(l=u))}return[s??Ae,l??-Ae]}function oo(e,t,n,r){let a=Tc(e),o=Tc(t);e==t&&(a==-1?(e*=n,t/=n):(e/=n,t*=n));let i=n==10?_n:eu,s=a==1?Ut:Qt,l=o==1?Qt:Ut,p=s(i(nt(e))),u=l(i(nt(t))),f=Dr(n,p),h=Dr(n,u);return n==10&&(p<0&&(f=Ce(f,-p)),u<0&&(h=Ce(h,-u))),r||n==2?(e=f*a,t=h*o):(e=au(e,f),t=so(t,h)),[e,t]}function ti(e,t,n,r){let a=oo(e,t,n,r);return e==0&&(a[0]=0),t==0&&(a[1]=0),a}var ni=.1,kc={mode:3,pad:ni},ma={pad:0,soft:null,mode:0},Of={min:ma,max:ma};function no(e,t,n,r){return io(n)?Sc(e,t,n):(ma.pad=n,ma.soft=r?0:null,ma.mode=r?3:0,Sc(e,t,Of))}function ve(e,t){return e??t}function If(e,t,n){for(t=ve(t,0),n=ve(n,e.length-1);t<=n;){if(e[t]!=null)return!0;t++}return!1}function Sc(e,t,n){let r=n.min,a=n.max,o=ve(r.pad,0),i=ve(a.pad,0),s=ve(r.hard,-Ae),l=ve(a.hard,Ae),p=ve(r.soft,Ae),u=ve(a.soft,-Ae),f=ve(r.mode,0),h=ve(a.mode,0),m=t-e,y=_n(m),v=wt(nt(e),nt(t)),w=_n(v),$=nt(w-y);(m<1e-24||$>10)&&(m=0,(e==0||t==0)&&(m=1e-24,f==2&&p!=Ae&&(o=0),h==2&&u!=-Ae&&(i=0)));let _=m||v||1e3,T=_n(_),S=Dr(10,Ut(T)),M=_*(m==0?e==0?.1:1:o),E=Ce(au(e-M,S/10),24),I=e>=p&&(f==1||f==3&&E<=p||f==2&&E>=p)?p:Ae,D=wt(s,E<I&&e>=I?I:on(I,E)),C=_*(m==0?t==0?.1:1:i),R=Ce(so(t+C,S/10),24),P=t<=u&&(h==1||h==3&&R>=u||h==2&&R<=u)?u:-Ae,j=on(l,R>P&&t<=P?P:wt(P,R));return D==j&&D==0&&(j=100),[D,j]}var Ff=new Intl.NumberFormat(zr?Pf.language:"en-US"),ri=e=>Ff.format(e),Ht=Math,eo=Ht.PI,nt=Ht.abs,Ut=Ht.floor,tt=Ht.round,Qt=Ht.ceil,on=Ht.min,wt=Ht.max,Dr=Ht.pow,Tc=Ht.sign,_n=Ht.log10,eu=Ht.log2,zf=(e,t=1)=>Ht.sinh(e)*t,Fs=(e,t=1)=>Ht.asinh(e/t),Ae=1/0;function Mc(e){return(_n((e^e>>31)-(e>>31))|0)+1}function Ks(e,t,n){return on(wt(e,t),n)}function tu(e){return typeof e=="function"}function de(e){return tu(e)?e:()=>e}var Uf=()=>{},nu=e=>e,ru=(e,t)=>t,Hf=e=>null,Ac=e=>!0,Cc=(e,t)=>e==t,Vf=/\.\d*?(?=9{6,}|0{6,})/gm,rr=e=>{if(su(e)||Ln.has(e))return e;let t=`${e}`,n=t.match(Vf);if(n==null)return e;let r=n[0].length-1;if(t.indexOf("e-")!=-1){let[a,o]=t.split("e");return+`${rr(a)}e${o}`}return Ce(e,r)};function Xn(e,t){return rr(Ce(rr(e/t))*t)}function so(e,t){return rr(Qt(rr(e/t))*t)}function au(e,t){return rr(Ut(rr(e/t))*t)}function Ce(e,t=0){if(su(e))return e;let n=10**t,r=e*n*(1+Number.EPSILON);return tt(r)/n}var Ln=new Map;function ou(e){return((""+e).split(".")[1]||"").length}function ga(e,t,n,r){let a=[],o=r.map(ou);for(let i=t;i<n;i++){let s=nt(i),l=Ce(Dr(e,i),s);for(let p=0;p<r.length;p++){let u=e==10?+`${r[p]}e${i}`:r[p]*l,f=(i>=0?0:s)+(i>=o[p]?0:o[p]),h=e==10?u:Ce(u,f);a.push(h),Ln.set(h,f)}}return a}var ha={},ai=[],Or=[null,null],Rn=Array.isArray,su=Number.isInteger,Wf=e=>e===void 0;function Ec(e){return typeof e=="string"}function io(e){let t=!1;if(e!=null){let n=e.constructor;t=n==null||n==Object}return t}function Bf(e){return e!=null&&typeof e=="object"}var jf=Object.getPrototypeOf(Uint8Array),iu="__proto__";function Ir(e,t=io){let n;if(Rn(e)){let r=e.find(a=>a!=null);if(Rn(r)||t(r)){n=Array(e.length);for(let a=0;a<e.length;a++)n[a]=Ir(e[a],t)}else n=e.slice()}else if(e instanceof jf)n=e.slice();else if(t(e)){n={};for(let r in e)r!=iu&&(n[r]=Ir(e[r],t))}else n=e;return n}function Je(e){let t=arguments;for(let n=1;n<t.length;n++){let r=t[n];for(let a in r)a!=iu&&(io(e[a])?Je(e[a],Ir(r[a])):e[a]=Ir(r[a]))}return e}var Kf=0,qf=1,Gf=2;function Yf(e,t,n){for(let r=0,a,o=-1;r<t.length;r++){let i=t[r];if(i>o){for(a=i-1;a>=0&&e[a]==null;)e[a--]=null;for(a=i+1;a<n&&e[a]==null;)e[o=a++]=null}}}function Qf(e,t){if(Xf(e)){let i=e[0].slice();for(let s=1;s<e.length;s++)i.push(...e[s].slice(1));return em(i[0])||(i=Zf(i)),i}let n=new Set;for(let i=0;i<e.length;i++){let l=e[i][0],p=l.length;for(let u=0;u<p;u++)n.add(l[u])}let r=[Array.from(n).sort((i,s)=>i-s)],a=r[0].length,o=new Map;for(let i=0;i<a;i++)o.set(r[0][i],i);for(let i=0;i<e.length;i++){let s=e[i],l=s[0];for(let p=1;p<s.length;p++){let u=s[p],f=Array(a).fill(void 0),h=t?t[i][p]:qf,m=[];for(let y=0;y<u.length;y++){let v=u[y],w=o.get(l[y]);v===null?h!=Kf&&(f[w]=v,h==Gf&&m.push(w)):f[w]=v}Yf(f,m,a),r.push(f)}}return r}var Jf=typeof queueMicrotask>"u"?e=>Promise.resolve().then(e):queueMicrotask;function Zf(e){let t=e[0],n=t.length,r=Array(n);for(let o=0;o<r.length;o++)r[o]=o;r.sort((o,i)=>t[o]-t[i]);let a=[];for(let o=0;o<e.length;o++){let i=e[o],s=Array(n);for(let l=0;l<n;l++)s[l]=i[r[l]];a.push(s)}return a}function Xf(e){let t=e[0][0],n=t.length;for(let r=1;r<e.length;r++){let a=e[r][0];if(a.length!=n)return!1;if(a!=t){for(let o=0;o<n;o++)if(a[o]!=t[o])return!1}}return!0}function em(e,t=100){let n=e.length;if(n<=1)return!0;let r=0,a=n-1;for(;r<=a&&e[r]==null;)r++;for(;a>=r&&e[a]==null;)a--;if(a<=r)return!0;let o=wt(1,Ut((a-r+1)/t));for(let i=e[r],s=r+o;s<=a;s+=o){let l=e[s];if(l!=null){if(l<=i)return!1;i=l}}return!0}var lu=["January","February","March","April","May","June","July","August","September","October","November","December"],cu=["Sunday","Monday","Tuesday","Wednesday","Thursday","Friday","Saturday"];function uu(e){return e.slice(0,3)}var tm=cu.map(uu),nm=lu.map(uu),rm={MMMM:lu,MMM:nm,WWWW:cu,WWW:tm};function ua(e){return(e<10?"0":"")+e}function am(e){return(e<10?"00":e<100?"0":"")+e}var om={YYYY:e=>e.getFullYear(),YY:e=>(e.getFullYear()+"").slice(2),MMMM:(e,t)=>t.MMMM[e.getMonth()],MMM:(e,t)=>t.MMM[e.getMonth()],MM:e=>ua(e.getMonth()+1),M:e=>e.getMonth()+1,DD:e=>ua(e.getDate()),D:e=>e.getDate(),WWWW:(e,t)=>t.WWWW[e.getDay()],WWW:(e,t)=>t.WWW[e.getDay()],HH:e=>ua(e.getHours()),H:e=>e.getHours(),h:e=>{let t=e.getHours();return t==0?12:t>12?t-12:t},AA:e=>e.getHours()>=12?"PM":"AM",aa:e=>e.getHours()>=12?"pm":"am",a:e=>e.getHours()>=12?"p":"a",mm:e=>ua(e.getMinutes()),m:e=>e.getMinutes(),ss:e=>ua(e.getSeconds()),s:e=>e.getSeconds(),fff:e=>am(e.getMilliseconds())};function oi(e,t){t=t||rm;let n=[],r=/\{([a-z]+)\}|[^{]+/gi,a;for(;a=r.exec(e);)n.push(a[0][0]=="{"?om[a[1]]:a[0]);return o=>{let i="";for(let s=0;s<n.length;s++)i+=typeof n[s]=="string"?n[s]:n[s](o,t);return i}}var sm=new Intl.DateTimeFormat().resolvedOptions().timeZone;function im(e,t){let n;return t=="UTC"||t=="Etc/UTC"?n=new Date(+e+e.getTimezoneOffset()*6e4):t==sm?n=e:(n=new Date(e.toLocaleString("en-US",{timeZone:t})),n.setMilliseconds(e.getMilliseconds())),n}var pu=e=>e%1==0,ro=[1,2,2.5,5],lm=ga(10,-32,0,ro),du=ga(10,0,32,ro),cm=du.filter(pu),er=lm.concat(du),si=`
`,fu="{YYYY}",Nc=si+fu,mu="{M}/{D}",fa=si+mu,Za=fa+"/{YY}",hu="{aa}",um="{h}:{mm}",Rr=um+hu,Pc=si+Rr,Rc=":{ss}",we=null;function gu(e){let t=e*1e3,n=t*60,r=n*60,a=r*24,o=a*30,i=a*365,l=(e==1?ga(10,0,3,ro).filter(pu):ga(10,-3,0,ro)).concat([t,t*5,t*10,t*15,t*30,n,n*5,n*10,n*15,n*30,r,r*2,r*3,r*4,r*6,r*8,r*12,a,a*2,a*3,a*4,a*5,a*6,a*7,a*8,a*9,a*10,a*15,o,o*2,o*3,o*4,o*6,i,i*2,i*5,i*10,i*25,i*50,i*100]),p=[[i,fu,we,we,we,we,we,we,1],[a*28,"{MMM}",Nc,we,we,we,we,we,1],[a,mu,Nc,we,we,we,we,we,1],[r,"{h}"+hu,Za,we,fa,we,we,we,1],[n,Rr,Za,we,fa,we,we,we,1],[t,Rc,Za+" "+Rr,we,fa+" "+Rr,we,Pc,we,1],[e,Rc+".{fff}",Za+" "+Rr,we,fa+" "+Rr,we,Pc,we,1]];function u(f){return(h,m,y,v,w,$)=>{let _=[],T=w>=i,S=w>=o&&w<i,M=f(y),E=Ce(M*e,3),I=zs(M.getFullYear(),T?0:M.getMonth(),S||T?1:M.getDate()),D=Ce(I*e,3);if(S||T){let C=S?w/o:0,R=T?w/i:0,P=E==D?E:Ce(zs(I.getFullYear()+R,I.getMonth()+C,1)*e,3),j=new Date(tt(P/e)),U=j.getFullYear(),te=j.getMonth();for(let Q=0;P<=v;Q++){let he=zs(U+R*Q,te+C*Q,1),Y=he-f(Ce(he*e,3));P=Ce((+he+Y)*e,3),P<=v&&_.push(P)}}else{let C=w>=a?a:w,R=Ut(y)-Ut(E),P=D+R+so(E-D,C);_.push(P);let j=f(P),U=j.getHours()+j.getMinutes()/n+j.getSeconds()/r,te=w/r,Q=h.axes[m]._space,he=$/Q;for(;P=Ce(P+w,e==1?0:3),!(P>v);)if(te>1){let Y=Ut(Ce(U+te,6))%24,ge=f(P).getHours()-Y;ge>1&&(ge=-1),P-=ge*r,U=(U+te)%24;let Se=_[_.length-1];Ce((P-Se)/w,3)*he>=.7&&_.push(P)}else _.push(P)}return _}}return[l,p,u]}var[pm,dm,fm]=gu(1),[mm,hm,gm]=gu(.001);ga(2,-53,53,[1]);function Lc(e,t){return e.map(n=>n.map((r,a)=>a==0||a==8||r==null?r:t(a==1||n[8]==0?r:n[1]+r)))}function Dc(e,t){return(n,r,a,o,i)=>{let s=t.find(y=>i>=y[0])||t[t.length-1],l,p,u,f,h,m;return r.map(y=>{let v=e(y),w=v.getFullYear(),$=v.getMonth(),_=v.getDate(),T=v.getHours(),S=v.getMinutes(),M=v.getSeconds(),E=w!=l&&s[2]||$!=p&&s[3]||_!=u&&s[4]||T!=f&&s[5]||S!=h&&s[6]||M!=m&&s[7]||s[1];return l=w,p=$,u=_,f=T,h=S,m=M,E(v)})}}function $m(e,t){let n=oi(t);return(r,a,o,i,s)=>a.map(l=>n(e(l)))}function zs(e,t,n){return new Date(e,t,n)}function Oc(e,t){return t(e)}var vm="{YYYY}-{MM}-{DD} {h}:{mm}{aa}";function Ic(e,t){return(n,r,a,o)=>o==null?Xs:t(e(r))}function bm(e,t){let n=e.series[t];return n.width?n.stroke(e,t):n.points.width?n.points.stroke(e,t):null}function _m(e,t){return e.series[t].fill(e,t)}var xm={show:!0,live:!0,isolate:!1,mount:Uf,markers:{show:!0,width:2,stroke:bm,fill:_m,dash:"solid"},idx:null,idxs:null,values:[]};function ym(e,t){let n=e.cursor.points,r=Yt(),a=n.size(e,t);Oe(r,pa,a),Oe(r,da,a);let o=a/-2;Oe(r,"marginLeft",o),Oe(r,"marginTop",o);let i=n.width(e,t,a);return i&&Oe(r,"borderWidth",i),r}function wm(e,t){let n=e.series[t].points;return n._fill||n._stroke}function km(e,t){let n=e.series[t].points;return n._stroke||n._fill}function Sm(e,t){return e.series[t].points.size}var Us=[0,0];function Tm(e,t,n){return Us[0]=t,Us[1]=n,Us}function Xa(e,t,n,r=!0){return a=>{a.button==0&&(!r||a.target==t)&&n(a)}}function Hs(e,t,n,r=!0){return a=>{(!r||a.target==t)&&n(a)}}var Mm={show:!0,x:!0,y:!0,lock:!1,move:Tm,points:{one:!1,show:ym,size:Sm,width:0,stroke:km,fill:wm},bind:{mousedown:Xa,mouseup:Xa,click:Xa,dblclick:Xa,mousemove:Hs,mouseleave:Hs,mouseenter:Hs},drag:{setScale:!0,x:!0,y:!1,dist:0,uni:null,click:(e,t)=>{t.stopPropagation(),t.stopImmediatePropagation()},_x:!1,_y:!1},focus:{dist:(e,t,n,r,a)=>r-a,prox:-1,bias:0},hover:{skip:[void 0],prox:null,bias:0},left:-10,top:-10,idx:null,dataIdx:null,idxs:null,event:null},$u={show:!0,stroke:"rgba(0,0,0,0.07)",width:2},ii=Je({},$u,{filter:ru}),vu=Je({},ii,{size:10}),bu=Je({},$u,{show:!1}),li='12px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Segoe UI Symbol", "Noto Color Emoji"',_u="bold "+li,xu=1.5,Fc={show:!0,scale:"x",stroke:Zs,space:50,gap:5,alignTo:1,size:50,labelGap:0,labelSize:30,labelFont:_u,side:2,grid:ii,ticks:vu,border:bu,font:li,lineGap:xu,rotate:0},Am="Value",Cm="Time",zc={show:!0,scale:"x",auto:!1,sorted:1,min:Ae,max:-Ae,idxs:[]};function Em(e,t,n,r,a){return t.map(o=>o==null?"":ri(o))}function Nm(e,t,n,r,a,o,i){let s=[],l=Ln.get(a)||0;n=i?n:Ce(so(n,a),l);for(let p=n;p<=r;p=Ce(p+a,l))s.push(Object.is(p,-0)?0:p);return s}function qs(e,t,n,r,a,o,i){let s=[],l=e.scales[e.axes[t].scale].log,p=l==10?_n:eu,u=Ut(p(n));a=Dr(l,u),l==10&&(a=er[an(a,er)]);let f=n,h=a*l;l==10&&(h=er[an(h,er)]);do s.push(f),f=f+a,l==10&&!Ln.has(f)&&(f=Ce(f,Ln.get(a))),f>=h&&(a=f,h=a*l,l==10&&(h=er[an(h,er)]));while(f<=r);return s}function Pm(e,t,n,r,a,o,i){let l=e.scales[e.axes[t].scale].asinh,p=r>l?qs(e,t,wt(l,n),r,a):[l],u=r>=0&&n<=0?[0]:[];return(n<-l?qs(e,t,wt(l,-r),-n,a):[l]).reverse().map(h=>-h).concat(u,p)}var yu=/./,Rm=/[12357]/,Lm=/[125]/,Uc=/1/,Gs=(e,t,n,r)=>e.map((a,o)=>t==4&&a==0||o%r==0&&n.test(a.toExponential()[a<0?1:0])?a:null);function Dm(e,t,n,r,a){let o=e.axes[n],i=o.scale,s=e.scales[i],l=e.valToPos,p=o._space,u=l(10,i),f=l(9,i)-u>=p?yu:l(7,i)-u>=p?Rm:l(5,i)-u>=p?Lm:Uc;if(f==Uc){let h=nt(l(1,i)-u);if(h<p)return Gs(t.slice().reverse(),s.distr,f,Qt(p/h)).reverse()}return Gs(t,s.distr,f,1)}function Om(e,t,n,r,a){let o=e.axes[n],i=o.scale,s=o._space,l=e.valToPos,p=nt(l(1,i)-l(2,i));return p<s?Gs(t.slice().reverse(),3,yu,Qt(s/p)).reverse():t}function Im(e,t,n,r){return r==null?Xs:t==null?"":ri(t)}var Hc={show:!0,scale:"y",stroke:Zs,space:30,gap:5,alignTo:1,size:50,labelGap:0,labelSize:30,labelFont:_u,side:3,grid:ii,ticks:vu,border:bu,font:li,lineGap:xu,rotate:0};function Fm(e,t){let n=3+(e||1)*2;return Ce(n*t,3)}function zm(e,t){let{scale:n,idxs:r}=e.series[0],a=e._data[0],o=e.valToPos(a[r[0]],n,!0),i=e.valToPos(a[r[1]],n,!0),s=nt(i-o),l=e.series[t],p=s/(l.points.space*xe);return r[1]-r[0]<=p}var Vc={scale:null,auto:!0,sorted:0,min:Ae,max:-Ae},wu=(e,t,n,r,a)=>a,Wc={show:!0,auto:!0,sorted:0,gaps:wu,alpha:1,facets:[Je({},Vc,{scale:"x"}),Je({},Vc,{scale:"y"})]},Bc={scale:"y",auto:!0,sorted:0,show:!0,spanGaps:!1,gaps:wu,alpha:1,points:{show:zm,filter:null},values:null,min:Ae,max:-Ae,idxs:[],path:null,clip:null};function Um(e,t,n,r,a){return n/10}var ku={time:!0,auto:!0,distr:1,log:10,asinh:1,min:null,max:null,dir:1,ori:0},Hm=Je({},ku,{time:!1,ori:1}),jc={};function Su(e,t){let n=jc[e];return n||(n={key:e,plots:[],sub(r){n.plots.push(r)},unsub(r){n.plots=n.plots.filter(a=>a!=r)},pub(r,a,o,i,s,l,p){for(let u=0;u<n.plots.length;u++)n.plots[u]!=a&&n.plots[u].pub(r,a,o,i,s,l,p)}},e!=null&&(jc[e]=n)),n}var Fr=1,Ys=2;function ar(e,t,n){let r=e.mode,a=e.series[t],o=r==2?e._data[t]:e._data,i=e.scales,s=e.bbox,l=o[0],p=r==2?o[1]:o[t],u=r==2?i[a.facets[0].scale]:i[e.series[0].scale],f=r==2?i[a.facets[1].scale]:i[a.scale],h=s.left,m=s.top,y=s.width,v=s.height,w=e.valToPosH,$=e.valToPosV;return u.ori==0?n(a,l,p,u,f,w,$,h,m,y,v,co,Ur,po,Mu,Cu):n(a,l,p,u,f,$,w,m,h,v,y,uo,Hr,pi,Au,Eu)}function ci(e,t){let n=0,r=0,a=ve(e.bands,ai);for(let o=0;o<a.length;o++){let i=a[o];i.series[0]==t?n=i.dir:i.series[1]==t&&(i.dir==1?r|=1:r|=2)}return[n,r==1?-1:r==2?1:r==3?2:0]}function Vm(e,t,n,r,a){let o=e.mode,i=e.series[t],s=o==2?i.facets[1].scale:i.scale,l=e.scales[s];return a==-1?l.min:a==1?l.max:l.distr==3?l.dir==1?l.min:l.max:0}function xn(e,t,n,r,a,o){return ar(e,t,(i,s,l,p,u,f,h,m,y,v,w)=>{let $=i.pxRound,_=p.dir*(p.ori==0?1:-1),T=p.ori==0?Ur:Hr,S,M;_==1?(S=n,M=r):(S=r,M=n);let E=$(f(s[S],p,v,m)),I=$(h(l[S],u,w,y)),D=$(f(s[M],p,v,m)),C=$(h(o==1?u.max:u.min,u,w,y)),R=new Path2D(a);return T(R,D,C),T(R,E,C),T(R,E,I),R})}function lo(e,t,n,r,a,o){let i=null;if(e.length>0){i=new Path2D;let s=t==0?po:pi,l=n;for(let f=0;f<e.length;f++){let h=e[f];if(h[1]>h[0]){let m=h[0]-l;m>0&&s(i,l,r,m,r+o),l=h[1]}}let p=n+a-l,u=10;p>0&&s(i,l,r-u/2,p,r+o+u)}return i}function Wm(e,t,n){let r=e[e.length-1];r&&r[0]==t?r[1]=n:e.push([t,n])}function ui(e,t,n,r,a,o,i){let s=[],l=e.length;for(let p=a==1?n:r;p>=n&&p<=r;p+=a)if(t[p]===null){let f=p,h=p;if(a==1)for(;++p<=r&&t[p]===null;)h=p;else for(;--p>=n&&t[p]===null;)h=p;let m=o(e[f]),y=h==f?m:o(e[h]),v=f-a;m=i<=0&&v>=0&&v<l?o(e[v]):m;let $=h+a;y=i>=0&&$>=0&&$<l?o(e[$]):y,y>=m&&s.push([m,y])}return s}function Kc(e){return e==0?nu:e==1?tt:t=>Xn(t,e)}function Tu(e){let t=e==0?co:uo,n=e==0?(a,o,i,s,l,p)=>{a.arcTo(o,i,s,l,p)}:(a,o,i,s,l,p)=>{a.arcTo(i,o,l,s,p)},r=e==0?(a,o,i,s,l)=>{a.rect(o,i,s,l)}:(a,o,i,s,l)=>{a.rect(i,o,l,s)};return(a,o,i,s,l,p=0,u=0)=>{p==0&&u==0?r(a,o,i,s,l):(p=on(p,s/2,l/2),u=on(u,s/2,l/2),t(a,o+p,i),n(a,o+s,i,o+s,i+l,p),n(a,o+s,i+l,o,i+l,u),n(a,o,i+l,o,i,u),n(a,o,i,o+s,i,p),a.closePath())}}var co=(e,t,n)=>{e.moveTo(t,n)},uo=(e,t,n)=>{e.moveTo(n,t)},Ur=(e,t,n)=>{e.lineTo(t,n)},Hr=(e,t,n)=>{e.lineTo(n,t)},po=Tu(0),pi=Tu(1),Mu=(e,t,n,r,a,o)=>{e.arc(t,n,r,a,o)},Au=(e,t,n,r,a,o)=>{e.arc(n,t,r,a,o)},Cu=(e,t,n,r,a,o,i)=>{e.bezierCurveTo(t,n,r,a,o,i)},Eu=(e,t,n,r,a,o,i)=>{e.bezierCurveTo(n,t,a,r,i,o)};function Nu(e){return(t,n,r,a,o)=>ar(t,n,(i,s,l,p,u,f,h,m,y,v,w)=>{let{pxRound:$,points:_}=i,T,S;p.ori==0?(T=co,S=Mu):(T=uo,S=Au);let M=Ce(_.width*xe,3),E=(_.size-_.width)/2*xe,I=Ce(E*2,3),D=new Path2D,C=new Path2D,{left:R,top:P,width:j,height:U}=t.bbox;po(C,R-I,P-I,j+I*2,U+I*2);let te=Q=>{if(l[Q]!=null){let he=$(f(s[Q],p,v,m)),Y=$(h(l[Q],u,w,y));T(D,he+E,Y),S(D,he,Y,E,0,eo*2)}};if(o)o.forEach(te);else for(let Q=r;Q<=a;Q++)te(Q);return{stroke:M>0?D:null,fill:D,clip:C,flags:Fr|Ys}})}function Pu(e){return(t,n,r,a,o,i)=>{r!=a&&(o!=r&&i!=r&&e(t,n,r),o!=a&&i!=a&&e(t,n,a),e(t,n,i))}}var Bm=Pu(Ur),jm=Pu(Hr);function Ru(e){let t=ve(e?.alignGaps,0);return(n,r,a,o)=>ar(n,r,(i,s,l,p,u,f,h,m,y,v,w)=>{[a,o]=ao(l,a,o);let $=i.pxRound,_=U=>$(f(U,p,v,m)),T=U=>$(h(U,u,w,y)),S,M;p.ori==0?(S=Ur,M=Bm):(S=Hr,M=jm);let E=p.dir*(p.ori==0?1:-1),I={stroke:new Path2D,fill:null,clip:null,band:null,gaps:null,flags:Fr},D=I.stroke,C=!1;if(o-a>=v*4){let U=q=>n.posToVal(q,p.key,!0),te=null,Q=null,he,Y,Mt,Ie=_(s[E==1?a:o]),ge=_(s[a]),Se=_(s[o]),le=U(E==1?ge+1:Se-1);for(let q=E==1?a:o;q>=a&&q<=o;q+=E){let Ze=s[q],Fe=(E==1?Ze<le:Ze>le)?Ie:_(Ze),ye=l[q];Fe==Ie?ye!=null?(Y=ye,te==null?(S(D,Fe,T(Y)),he=te=Q=Y):Y<te?te=Y:Y>Q&&(Q=Y)):ye===null&&(C=!0):(te!=null&&M(D,Ie,T(te),T(Q),T(he),T(Y)),ye!=null?(Y=ye,S(D,Fe,T(Y)),te=Q=he=Y):(te=Q=null,ye===null&&(C=!0)),Ie=Fe,le=U(Ie+E))}te!=null&&te!=Q&&Mt!=Ie&&M(D,Ie,T(te),T(Q),T(he),T(Y))}else for(let U=E==1?a:o;U>=a&&U<=o;U+=E){let te=l[U];te===null?C=!0:te!=null&&S(D,_(s[U]),T(te))}let[P,j]=ci(n,r);if(i.fill!=null||P!=0){let U=I.fill=new Path2D(D),te=i.fillTo(n,r,i.min,i.max,P),Q=T(te),he=_(s[a]),Y=_(s[o]);E==-1&&([Y,he]=[he,Y]),S(U,Y,Q),S(U,he,Q)}if(!i.spanGaps){let U=[];C&&U.push(...ui(s,l,a,o,E,_,t)),I.gaps=U=i.gaps(n,r,a,o,U),I.clip=lo(U,p.ori,m,y,v,w)}return j!=0&&(I.band=j==2?[xn(n,r,a,o,D,-1),xn(n,r,a,o,D,1)]:xn(n,r,a,o,D,j)),I})}function Km(e){let t=ve(e.align,1),n=ve(e.ascDesc,!1),r=ve(e.alignGaps,0),a=ve(e.extend,!1);return(o,i,s,l)=>ar(o,i,(p,u,f,h,m,y,v,w,$,_,T)=>{[s,l]=ao(f,s,l);let S=p.pxRound,{left:M,width:E}=o.bbox,I=ge=>S(y(ge,h,_,w)),D=ge=>S(v(ge,m,T,$)),C=h.ori==0?Ur:Hr,R={stroke:new Path2D,fill:null,clip:null,band:null,gaps:null,flags:Fr},P=R.stroke,j=h.dir*(h.ori==0?1:-1),U=D(f[j==1?s:l]),te=I(u[j==1?s:l]),Q=te,he=te;a&&t==-1&&(he=M,C(P,he,U)),C(P,te,U);for(let ge=j==1?s:l;ge>=s&&ge<=l;ge+=j){let Se=f[ge];if(Se==null)continue;let le=I(u[ge]),q=D(Se);t==1?C(P,le,U):C(P,Q,q),C(P,le,q),U=q,Q=le}let Y=Q;a&&t==1&&(Y=M+E,C(P,Y,U));let[Mt,Ie]=ci(o,i);if(p.fill!=null||Mt!=0){let ge=R.fill=new Path2D(P),Se=p.fillTo(o,i,p.min,p.max,Mt),le=D(Se);C(ge,Y,le),C(ge,he,le)}if(!p.spanGaps){let ge=[];ge.push(...ui(u,f,s,l,j,I,r));let Se=p.width*xe/2,le=n||t==1?Se:-Se,q=n||t==-1?-Se:Se;ge.forEach(Ze=>{Ze[0]+=le,Ze[1]+=q}),R.gaps=ge=p.gaps(o,i,s,l,ge),R.clip=lo(ge,h.ori,w,$,_,T)}return Ie!=0&&(R.band=Ie==2?[xn(o,i,s,l,P,-1),xn(o,i,s,l,P,1)]:xn(o,i,s,l,P,Ie)),R})}function qc(e,t,n,r,a,o,i=Ae){if(e.length>1){let s=null;for(let l=0,p=1/0;l<e.length;l++)if(t[l]!==void 0){if(s!=null){let u=nt(e[l]-e[s]);u<p&&(p=u,i=nt(n(e[l],r,a,o)-n(e[s],r,a,o)))}s=l}}return i}function qm(e){e=e||ha;let t=ve(e.size,[.6,Ae,1]),n=e.align||0,r=e.gap||0,a=e.radius;a=a==null?[0,0]:typeof a=="number"?[a,0]:a;let o=de(a),i=1-t[0],s=ve(t[1],Ae),l=ve(t[2],1),p=ve(e.disp,ha),u=ve(e.each,m=>{}),{fill:f,stroke:h}=p;return(m,y,v,w)=>ar(m,y,($,_,T,S,M,E,I,D,C,R,P)=>{let j=$.pxRound,U=n,te=r*xe,Q=s*xe,he=l*xe,Y,Mt;S.ori==0?[Y,Mt]=o(m,y):[Mt,Y]=o(m,y);let Ie=S.dir*(S.ori==0?1:-1),ge=S.ori==0?po:pi,Se=S.ori==0?u:(W,Ee,Xe,fr,Wn,ln,Bn)=>{u(W,Ee,Xe,Wn,fr,Bn,ln)},le=ve(m.bands,ai).find(W=>W.series[0]==y),q=le!=null?le.dir:0,Ze=$.fillTo(m,y,$.min,$.max,q),$t=j(I(Ze,M,P,C)),Fe,ye,Jt,Et=R,He=j($.width*xe),sn=!1,$n=null,Vt=null,kn=null,ur=null;f!=null&&(He==0||h!=null)&&(sn=!0,$n=f.values(m,y,v,w),Vt=new Map,new Set($n).forEach(W=>{W!=null&&Vt.set(W,new Path2D)}),He>0&&(kn=h.values(m,y,v,w),ur=new Map,new Set(kn).forEach(W=>{W!=null&&ur.set(W,new Path2D)})));let{x0:pr,size:qr}=p;if(pr!=null&&qr!=null){U=1,_=pr.values(m,y,v,w),pr.unit==2&&(_=_.map(Xe=>m.posToVal(D+Xe*R,S.key,!0)));let W=qr.values(m,y,v,w);qr.unit==2?ye=W[0]*R:ye=E(W[0],S,R,D)-E(0,S,R,D),Et=qc(_,T,E,S,R,D,Et),Jt=Et-ye+te}else Et=qc(_,T,E,S,R,D,Et),Jt=Et*i+te,ye=Et-Jt;Jt<1&&(Jt=0),He>=ye/2&&(He=0),Jt<5&&(j=nu);let Ea=Jt>0,Hn=Et-Jt-(Ea?He:0);ye=j(Ks(Hn,he,Q)),Fe=(U==0?ye/2:U==Ie?0:ye)-U*Ie*((U==0?te/2:0)+(Ea?He/2:0));let vt={stroke:null,fill:null,clip:null,band:null,gaps:null,flags:0},dr=sn?null:new Path2D,vn=null;if(le!=null)vn=m.data[le.series[1]];else{let{y0:W,y1:Ee}=p;W!=null&&Ee!=null&&(T=Ee.values(m,y,v,w),vn=W.values(m,y,v,w))}let Vn=Y*ye,oe=Mt*ye;for(let W=Ie==1?v:w;W>=v&&W<=w;W+=Ie){let Ee=T[W];if(Ee==null)continue;if(vn!=null){let At=vn[W]??0;if(Ee-At==0)continue;$t=I(At,M,P,C)}let Xe=S.distr!=2||p!=null?_[W]:W,fr=E(Xe,S,R,D),Wn=I(ve(Ee,Ze),M,P,C),ln=j(fr-Fe),Bn=j(wt(Wn,$t)),Nt=j(on(Wn,$t)),Wt=Bn-Nt;if(Ee!=null){let At=Ee<0?oe:Vn,Zt=Ee<0?Vn:oe;sn?(He>0&&kn[W]!=null&&ge(ur.get(kn[W]),ln,Nt+Ut(He/2),ye,wt(0,Wt-He),At,Zt),$n[W]!=null&&ge(Vt.get($n[W]),ln,Nt+Ut(He/2),ye,wt(0,Wt-He),At,Zt)):ge(dr,ln,Nt+Ut(He/2),ye,wt(0,Wt-He),At,Zt),Se(m,y,W,ln-He/2,Nt,ye+He,Wt)}}return He>0?vt.stroke=sn?ur:dr:sn||(vt._fill=$.width==0?$._fill:$._stroke??$._fill,vt.width=0),vt.fill=sn?Vt:dr,vt})}function Gm(e,t){let n=ve(t?.alignGaps,0);return(r,a,o,i)=>ar(r,a,(s,l,p,u,f,h,m,y,v,w,$)=>{[o,i]=ao(p,o,i);let _=s.pxRound,T=Y=>_(h(Y,u,w,y)),S=Y=>_(m(Y,f,$,v)),M,E,I;u.ori==0?(M=co,I=Ur,E=Cu):(M=uo,I=Hr,E=Eu);let D=u.dir*(u.ori==0?1:-1),C=T(l[D==1?o:i]),R=C,P=[],j=[];for(let Y=D==1?o:i;Y>=o&&Y<=i;Y+=D)if(p[Y]!=null){let Ie=l[Y],ge=T(Ie);P.push(R=ge),j.push(S(p[Y]))}let U={stroke:e(P,j,M,I,E,_),fill:null,clip:null,band:null,gaps:null,flags:Fr},te=U.stroke,[Q,he]=ci(r,a);if(s.fill!=null||Q!=0){let Y=U.fill=new Path2D(te),Mt=s.fillTo(r,a,s.min,s.max,Q),Ie=S(Mt);I(Y,R,Ie),I(Y,C,Ie)}if(!s.spanGaps){let Y=[];Y.push(...ui(l,p,o,i,D,T,n)),U.gaps=Y=s.gaps(r,a,o,i,Y),U.clip=lo(Y,u.ori,y,v,w,$)}return he!=0&&(U.band=he==2?[xn(r,a,o,i,te,-1),xn(r,a,o,i,te,1)]:xn(r,a,o,i,te,he)),U})}function Ym(e){return Gm(Qm,e)}function Qm(e,t,n,r,a,o){let i=e.length;if(i<2)return null;let s=new Path2D;if(n(s,e[0],t[0]),i==2)r(s,e[1],t[1]);else{let l=Array(i),p=Array(i-1),u=Array(i-1),f=Array(i-1);for(let h=0;h<i-1;h++)u[h]=t[h+1]-t[h],f[h]=e[h+1]-e[h],p[h]=u[h]/f[h];l[0]=p[0];for(let h=1;h<i-1;h++)p[h]===0||p[h-1]===0||p[h-1]>0!=p[h]>0?l[h]=0:(l[h]=3*(f[h-1]+f[h])/((2*f[h]+f[h-1])/p[h-1]+(f[h]+2*f[h-1])/p[h]),isFinite(l[h])||(l[h]=0));l[i-1]=p[i-2];for(let h=0;h<i-1;h++)a(s,e[h]+f[h]/3,t[h]+l[h]*f[h]/3,e[h+1]-f[h]/3,t[h+1]-l[h+1]*f[h]/3,e[h+1],t[h+1])}return s}var Qs=new Set;function Gc(){for(let e of Qs)e.syncRect(!0)}zr&&(nr(Ef,Lr,Gc),nr(Nf,Lr,Gc,!0),nr(to,Lr,()=>{pt.pxRatio=xe}));var Jm=Ru(),Zm=Nu();function Yc(e,t,n,r){return(r?[e[0],e[1]].concat(e.slice(2)):[e[0]].concat(e.slice(1))).map((o,i)=>Js(o,i,t,n))}function Xm(e,t){return e.map((n,r)=>r==0?{}:Je({},t,n))}function Js(e,t,n,r){return Je({},t==0?n:r,e)}function Lu(e,t,n){return t==null?Or:[t,n]}var eh=Lu;function th(e,t,n){return t==null?Or:no(t,n,ni,!0)}function Du(e,t,n,r){return t==null?Or:oo(t,n,e.scales[r].log,!1)}var nh=Du;function Ou(e,t,n,r){return t==null?Or:ti(t,n,e.scales[r].log,!1)}var rh=Ou;function ah(e,t,n,r,a){let o=wt(Mc(e),Mc(t)),i=t-e,s=an(a/r*i,n);do{let l=n[s],p=r*l/i;if(p>=a&&o+(l<5?Ln.get(l):0)<=17)return[l,p]}while(++s<n.length);return[0,0]}function Qc(e){let t,n;return e=e.replace(/(\d+)px/,(r,a)=>(t=tt((n=+a)*xe))+"px"),[e,t,n]}function oh(e){e.show&&[e.font,e.labelFont].forEach(t=>{let n=Ce(t[2]*xe,1);t[0]=t[0].replace(/[0-9.]+px/,n+"px"),t[1]=n})}function pt(e,t,n){let r={mode:ve(e.mode,1)},a=r.mode;function o(d,g,b,x){let k=g.valToPct(d);return x+b*(g.dir==-1?1-k:k)}function i(d,g,b,x){let k=g.valToPct(d);return x+b*(g.dir==-1?k:1-k)}function s(d,g,b,x){return g.ori==0?o(d,g,b,x):i(d,g,b,x)}r.valToPosH=o,r.valToPosV=i;let l=!1;r.status=0;let p=r.root=Yt(df);if(e.id!=null&&(p.id=e.id),zt(p,e.class),e.title){let d=Yt(hf,p);d.textContent=e.title}let u=rn("canvas"),f=r.ctx=u.getContext("2d"),h=Yt(gf,p);nr("click",h,d=>{d.target===y&&(Re!=kr||ze!=Sr)&&mt.click(r,d)},!0);let m=r.under=Yt($f,h);h.appendChild(u);let y=r.over=Yt(vf,h);e=Ir(e);let v=+ve(e.pxAlign,1),w=Kc(v);(e.plugins||[]).forEach(d=>{d.opts&&(e=d.opts(r,e)||e)});let $=e.ms||.001,_=r.series=a==1?Yc(e.series||[],zc,Bc,!1):Xm(e.series||[null],Wc),T=r.axes=Yc(e.axes||[],Fc,Hc,!0),S=r.scales={},M=r.bands=e.bands||[];M.forEach(d=>{d.fill=de(d.fill||null),d.dir=ve(d.dir,-1)});let E=a==2?_[1].facets[0].scale:_[0].scale,I={axes:Sd,series:_d},D=(e.drawOrder||["axes","series"]).map(d=>I[d]);function C(d){let g=d.distr==3?b=>_n(b>0?b:d.clamp(r,b,d.min,d.max,d.key)):d.distr==4?b=>Fs(b,d.asinh):d.distr==100?b=>d.fwd(b):b=>b;return b=>{let x=g(b),{_min:k,_max:A}=d,N=A-k;return(x-k)/N}}function R(d){let g=S[d];if(g==null){let b=(e.scales||ha)[d]||ha;if(b.from!=null){R(b.from);let x=Je({},S[b.from],b,{key:d});x.valToPct=C(x),S[d]=x}else{g=S[d]=Je({},d==E?ku:Hm,b),g.key=d;let x=g.time,k=g.range,A=Rn(k);if((d!=E||a==2&&!x)&&(A&&(k[0]==null||k[1]==null)&&(k={min:k[0]==null?kc:{mode:1,hard:k[0],soft:k[0]},max:k[1]==null?kc:{mode:1,hard:k[1],soft:k[1]}},A=!1),!A&&io(k))){let N=k;k=(L,O,H)=>O==null?Or:no(O,H,N)}g.range=de(k||(x?eh:d==E?g.distr==3?nh:g.distr==4?rh:Lu:g.distr==3?Du:g.distr==4?Ou:th)),g.auto=de(A?!1:g.auto),g.clamp=de(g.clamp||Um),g._min=g._max=null,g.valToPct=C(g)}}}R("x"),R("y"),a==1&&_.forEach(d=>{R(d.scale)}),T.forEach(d=>{R(d.scale)});for(let d in e.scales)R(d);let P=S[E],j=P.distr,U,te;P.ori==0?(zt(p,ff),U=o,te=i):(zt(p,mf),U=i,te=o);let Q={};for(let d in S){let g=S[d];(g.min!=null||g.max!=null)&&(Q[d]={min:g.min,max:g.max},g.min=g.max=null)}let he=e.tzDate||(d=>new Date(tt(d/$))),Y=e.fmtDate||oi,Mt=$==1?fm(he):gm(he),Ie=Dc(he,Lc($==1?dm:hm,Y)),ge=Ic(he,Oc(vm,Y)),Se=[],le=r.legend=Je({},xm,e.legend),q=r.cursor=Je({},Mm,{drag:{y:a==2}},e.cursor),Ze=le.show,$t=q.show,Fe=le.markers;le.idxs=Se,Fe.width=de(Fe.width),Fe.dash=de(Fe.dash),Fe.stroke=de(Fe.stroke),Fe.fill=de(Fe.fill);let ye,Jt,Et,He=[],sn=[],$n,Vt=!1,kn={};if(le.live){let d=_[1]?_[1].values:null;Vt=d!=null,$n=Vt?d(r,1,0):{_:0};for(let g in $n)kn[g]=Xs}if(Ze)if(ye=rn("table",kf,p),Et=rn("tbody",null,ye),le.mount(r,ye),Vt){Jt=rn("thead",null,ye,Et);let d=rn("tr",null,Jt);rn("th",null,d);for(var ur in $n)rn("th",pc,d).textContent=ur}else zt(ye,Tf),le.live&&zt(ye,Sf);let pr={show:!0},qr={show:!1};function Ea(d,g){if(g==0&&(Vt||!le.live||a==2))return Or;let b=[],x=rn("tr",Mf,Et,Et.childNodes[g]);zt(x,d.class),d.show||zt(x,tr);let k=rn("th",null,x);if(Fe.show){let L=Yt(Af,k);if(g>0){let O=Fe.width(r,g);O&&(L.style.border=O+"px "+Fe.dash(r,g)+" "+Fe.stroke(r,g)),L.style.background=Fe.fill(r,g)}}let A=Yt(pc,k);d.label instanceof HTMLElement?A.appendChild(d.label):A.textContent=d.label,g>0&&(Fe.show||(A.style.color=d.width>0?Fe.stroke(r,g):Fe.fill(r,g)),vt("click",k,L=>{if(q._lock)return;Kn(L);let O=_.indexOf(d);if((L.ctrlKey||L.metaKey)!=le.isolate){let H=_.some((V,B)=>B>0&&B!=O&&V.show);_.forEach((V,B)=>{B>0&&un(B,H?B==O?pr:qr:pr,!0,Ye.setSeries)})}else un(O,{show:!d.show},!0,Ye.setSeries)},!1),hr&&vt(hc,k,L=>{q._lock||(Kn(L),un(_.indexOf(d),Mr,!0,Ye.setSeries))},!1));for(var N in $n){let L=rn("td",Cf,x);L.textContent="--",b.push(L)}return[x,b]}let Hn=new Map;function vt(d,g,b,x=!0){let k=Hn.get(g)||{},A=q.bind[d](r,g,b,x);A&&(nr(d,g,k[d]=A),Hn.set(g,k))}function dr(d,g,b){let x=Hn.get(g)||{};for(let k in x)(d==null||k==d)&&(js(k,g,x[k]),delete x[k]);d==null&&Hn.delete(g)}let vn=0,Vn=0,oe=0,W=0,Ee=0,Xe=0,fr=Ee,Wn=Xe,ln=oe,Bn=W,Nt=0,Wt=0,At=0,Zt=0;r.bbox={};let zo=!1,Na=!1,mr=!1,jn=!1,Pa=!1,Bt=!1;function Uo(d,g,b){(b||d!=r.width||g!=r.height)&&Vi(d,g),_r(!1),mr=!0,Na=!0,xr()}function Vi(d,g){r.width=vn=oe=d,r.height=Vn=W=g,Ee=Xe=0,fd(),md();let b=r.bbox;Nt=b.left=Xn(Ee*xe,.5),Wt=b.top=Xn(Xe*xe,.5),At=b.width=Xn(oe*xe,.5),Zt=b.height=Xn(W*xe,.5)}let ud=3;function pd(){let d=!1,g=0;for(;!d;){g++;let b=wd(g),x=kd(g);d=g==ud||b&&x,d||(Vi(r.width,r.height),Na=!0)}}function dd({width:d,height:g}){Uo(d,g)}r.setSize=dd;function fd(){let d=!1,g=!1,b=!1,x=!1;T.forEach((k,A)=>{if(k.show&&k._show){let{side:N,_size:L}=k,O=N%2,H=k.label!=null?k.labelSize:0,V=L+H;V>0&&(O?(oe-=V,N==3?(Ee+=V,x=!0):b=!0):(W-=V,N==0?(Xe+=V,d=!0):g=!0))}}),qn[0]=d,qn[1]=b,qn[2]=g,qn[3]=x,oe-=Sn[1]+Sn[3],Ee+=Sn[3],W-=Sn[2]+Sn[0],Xe+=Sn[0]}function md(){let d=Ee+oe,g=Xe+W,b=Ee,x=Xe;function k(A,N){switch(A){case 1:return d+=N,d-N;case 2:return g+=N,g-N;case 3:return b-=N,b+N;case 0:return x-=N,x+N}}T.forEach((A,N)=>{if(A.show&&A._show){let L=A.side;A._pos=k(L,A._size),A.label!=null&&(A._lpos=k(L,A.labelSize))}})}if(q.dataIdx==null){let d=q.hover,g=d.skip=new Set(d.skip??[]);g.add(void 0);let b=d.prox=de(d.prox),x=d.bias??(d.bias=0);q.dataIdx=(k,A,N,L)=>{if(A==0)return N;let O=N,H=b(k,A,N,L)??Ae,V=H>=0&&H<Ae,B=P.ori==0?oe:W,ne=q.left,_e=t[0],$e=t[A];if(g.has($e[N])){O=null;let ce=null,X=null,G;if(x==0||x==-1)for(G=N;ce==null&&G-- >0;)g.has($e[G])||(ce=G);if(x==0||x==1)for(G=N;X==null&&G++<$e.length;)g.has($e[G])||(X=G);if(ce!=null||X!=null)if(V){let De=ce==null?-1/0:U(_e[ce],P,B,0),We=X==null?1/0:U(_e[X],P,B,0),lt=ne-De,Te=We-ne;lt<=Te?lt<=H&&(O=ce):Te<=H&&(O=X)}else O=X==null?ce:ce==null?X:N-ce<=X-N?ce:X}else V&&nt(ne-U(_e[N],P,B,0))>H&&(O=null);return O}}let Kn=d=>{q.event=d};q.idxs=Se,q._lock=!1;let gt=q.points;gt.show=de(gt.show),gt.size=de(gt.size),gt.stroke=de(gt.stroke),gt.width=de(gt.width),gt.fill=de(gt.fill);let cn=r.focus=Je({},e.focus||{alpha:.3},q.focus),hr=cn.prox>=0,gr=hr&&gt.one,jt=[],$r=[],vr=[];function Wi(d,g){let b=gt.show(r,g);if(b instanceof HTMLElement)return zt(b,wf),zt(b,d.class),hn(b,-10,-10,oe,W),y.insertBefore(b,jt[g]),b}function Bi(d,g){if(a==1||g>0){let b=a==1&&S[d.scale].time,x=d.value;d.value=b?Ec(x)?Ic(he,Oc(x,Y)):x||ge:x||Im,d.label=d.label||(b?Cm:Am)}if(gr||g>0){d.width=d.width==null?1:d.width,d.paths=d.paths||Jm||Hf,d.fillTo=de(d.fillTo||Vm),d.pxAlign=+ve(d.pxAlign,v),d.pxRound=Kc(d.pxAlign),d.stroke=de(d.stroke||null),d.fill=de(d.fill||null),d._stroke=d._fill=d._paths=d._focus=null;let b=Fm(wt(1,d.width),1),x=d.points=Je({},{size:b,width:wt(1,b*.2),stroke:d.stroke,space:b*2,paths:Zm,_stroke:null,_fill:null},d.points);x.show=de(x.show),x.filter=de(x.filter),x.fill=de(x.fill),x.stroke=de(x.stroke),x.paths=de(x.paths),x.pxAlign=d.pxAlign}if(Ze){let b=Ea(d,g);He.splice(g,0,b[0]),sn.splice(g,0,b[1]),le.values.push(null)}if($t){Se.splice(g,0,null);let b=null;gr?g==0&&(b=Wi(d,g)):g>0&&(b=Wi(d,g)),jt.splice(g,0,b),$r.splice(g,0,0),vr.splice(g,0,0)}it("addSeries",g)}function hd(d,g){g=g??_.length,d=a==1?Js(d,g,zc,Bc):Js(d,g,{},Wc),_.splice(g,0,d),Bi(_[g],g)}r.addSeries=hd;function gd(d){if(_.splice(d,1),Ze){le.values.splice(d,1),sn.splice(d,1);let g=He.splice(d,1)[0];dr(null,g.firstChild),g.remove()}$t&&(Se.splice(d,1),jt.splice(d,1)[0].remove(),$r.splice(d,1),vr.splice(d,1)),it("delSeries",d)}r.delSeries=gd;let qn=[!1,!1,!1,!1];function $d(d,g){if(d._show=d.show,d.show){let b=d.side%2,x=S[d.scale];x==null&&(d.scale=b?_[1].scale:E,x=S[d.scale]);let k=x.time;d.size=de(d.size),d.space=de(d.space),d.rotate=de(d.rotate),Rn(d.incrs)&&d.incrs.forEach(N=>{!Ln.has(N)&&Ln.set(N,ou(N))}),d.incrs=de(d.incrs||(x.distr==2?cm:k?$==1?pm:mm:er)),d.splits=de(d.splits||(k&&x.distr==1?Mt:x.distr==3?qs:x.distr==4?Pm:Nm)),d.stroke=de(d.stroke),d.grid.stroke=de(d.grid.stroke),d.ticks.stroke=de(d.ticks.stroke),d.border.stroke=de(d.border.stroke);let A=d.values;d.values=Rn(A)&&!Rn(A[0])?de(A):k?Rn(A)?Dc(he,Lc(A,Y)):Ec(A)?$m(he,A):A||Ie:A||Em,d.filter=de(d.filter||(x.distr>=3&&x.log==10?Dm:x.distr==3&&x.log==2?Om:ru)),d.font=Qc(d.font),d.labelFont=Qc(d.labelFont),d._size=d.size(r,null,g,0),d._space=d._rotate=d._incrs=d._found=d._splits=d._values=null,d._size>0&&(qn[g]=!0,d._el=Yt(bf,h))}}function Gr(d,g,b,x){let[k,A,N,L]=b,O=g%2,H=0;return O==0&&(L||A)&&(H=g==0&&!k||g==2&&!N?tt(Fc.size/3):0),O==1&&(k||N)&&(H=g==1&&!A||g==3&&!L?tt(Hc.size/2):0),H}let ji=r.padding=(e.padding||[Gr,Gr,Gr,Gr]).map(d=>de(ve(d,Gr))),Sn=r._padding=ji.map((d,g)=>d(r,g,qn,0)),ft,rt=null,at=null,Ra=a==1?_[0].idxs:null,Xt=null,Yr=!1;function Ki(d,g){if(t=d??[],r.data=r._data=t,a==2){ft=0;for(let b=1;b<_.length;b++)ft+=t[b][0].length}else{t.length==0&&(r.data=r._data=t=[[]]),Xt=t[0],ft=Xt.length;let b=t;if(j==2){b=t.slice();let x=b[0]=Array(ft);for(let k=0;k<ft;k++)x[k]=k}r._data=t=b}if(_r(!0),it("setData"),j==2&&(mr=!0),g!==!1){let b=P;b.auto(r,Yr)?Ho():Mn(E,b.min,b.max),jn=jn||q.left>=0,Bt=!0,xr()}}r.setData=Ki;function Ho(){Yr=!0;let d,g;a==1&&(ft>0?(rt=Ra[0]=0,at=Ra[1]=ft-1,d=t[0][rt],g=t[0][at],j==2?(d=rt,g=at):d==g&&(j==3?[d,g]=oo(d,d,P.log,!1):j==4?[d,g]=ti(d,d,P.log,!1):P.time?g=d+tt(86400/$):[d,g]=no(d,g,ni,!0))):(rt=Ra[0]=d=null,at=Ra[1]=g=null)),Mn(E,d,g)}let La,br,Vo,Wo,Bo,jo,Ko,qo,Go,Ct;function qi(d,g,b,x,k,A){d??(d=fc),b??(b=ai),x??(x="butt"),k??(k=fc),A??(A="round"),d!=La&&(f.strokeStyle=La=d),k!=br&&(f.fillStyle=br=k),g!=Vo&&(f.lineWidth=Vo=g),A!=Bo&&(f.lineJoin=Bo=A),x!=jo&&(f.lineCap=jo=x),b!=Wo&&f.setLineDash(Wo=b)}function Gi(d,g,b,x){g!=br&&(f.fillStyle=br=g),d!=Ko&&(f.font=Ko=d),b!=qo&&(f.textAlign=qo=b),x!=Go&&(f.textBaseline=Go=x)}function Yo(d,g,b,x,k=0){if(x.length>0&&d.auto(r,Yr)&&(g==null||g.min==null)){let A=ve(rt,0),N=ve(at,x.length-1),L=b.min==null?Df(x,A,N,k,d.distr==3):[b.min,b.max];d.min=on(d.min,b.min=L[0]),d.max=wt(d.max,b.max=L[1])}}let Yi={min:null,max:null};function vd(){for(let x in S){let k=S[x];Q[x]==null&&(k.min==null||Q[E]!=null&&k.auto(r,Yr))&&(Q[x]=Yi)}for(let x in S){let k=S[x];Q[x]==null&&k.from!=null&&Q[k.from]!=null&&(Q[x]=Yi)}Q[E]!=null&&_r(!0);let d={};for(let x in Q){let k=Q[x];if(k!=null){let A=d[x]=Ir(S[x],Bf);if(k.min!=null)Je(A,k);else if(x!=E||a==2)if(ft==0&&A.from==null){let N=A.range(r,null,null,x);A.min=N[0],A.max=N[1]}else A.min=Ae,A.max=-Ae}}if(ft>0){_.forEach((x,k)=>{if(a==1){let A=x.scale,N=Q[A];if(N==null)return;let L=d[A];if(k==0){let O=L.range(r,L.min,L.max,A);L.min=O[0],L.max=O[1],rt=an(L.min,t[0]),at=an(L.max,t[0]),at-rt>1&&(t[0][rt]<L.min&&rt++,t[0][at]>L.max&&at--),x.min=Xt[rt],x.max=Xt[at]}else x.show&&x.auto&&Yo(L,N,x,t[k],x.sorted);x.idxs[0]=rt,x.idxs[1]=at}else if(k>0&&x.show&&x.auto){let[A,N]=x.facets,L=A.scale,O=N.scale,[H,V]=t[k],B=d[L],ne=d[O];B!=null&&Yo(B,Q[L],A,H,A.sorted),ne!=null&&Yo(ne,Q[O],N,V,N.sorted),x.min=N.min,x.max=N.max}});for(let x in d){let k=d[x],A=Q[x];if(k.from==null&&(A==null||A.min==null)){let N=k.range(r,k.min==Ae?null:k.min,k.max==-Ae?null:k.max,x);k.min=N[0],k.max=N[1]}}}for(let x in d){let k=d[x];if(k.from!=null){let A=d[k.from];if(A.min==null)k.min=k.max=null;else{let N=k.range(r,A.min,A.max,x);k.min=N[0],k.max=N[1]}}}let g={},b=!1;for(let x in d){let k=d[x],A=S[x];if(A.min!=k.min||A.max!=k.max){A.min=k.min,A.max=k.max;let N=A.distr;A._min=N==3?_n(A.min):N==4?Fs(A.min,A.asinh):N==100?A.fwd(A.min):A.min,A._max=N==3?_n(A.max):N==4?Fs(A.max,A.asinh):N==100?A.fwd(A.max):A.max,g[x]=b=!0}}if(b){_.forEach((x,k)=>{a==2?k>0&&g.y&&(x._paths=null):g[x.scale]&&(x._paths=null)});for(let x in g)mr=!0,it("setScale",x);$t&&q.left>=0&&(jn=Bt=!0)}for(let x in Q)Q[x]=null}function bd(d){let g=Ks(rt-1,0,ft-1),b=Ks(at+1,0,ft-1);for(;d[g]==null&&g>0;)g--;for(;d[b]==null&&b<ft-1;)b++;return[g,b]}function _d(){if(ft>0){let d=_.some(g=>g._focus)&&Ct!=cn.alpha;d&&(f.globalAlpha=Ct=cn.alpha),_.forEach((g,b)=>{if(b>0&&g.show&&(Qi(b,!1),Qi(b,!0),g._paths==null)){let x=Ct;Ct!=g.alpha&&(f.globalAlpha=Ct=g.alpha);let k=a==2?[0,t[b][0].length-1]:bd(t[b]);g._paths=g.paths(r,b,k[0],k[1]),Ct!=x&&(f.globalAlpha=Ct=x)}}),_.forEach((g,b)=>{if(b>0&&g.show){let x=Ct;Ct!=g.alpha&&(f.globalAlpha=Ct=g.alpha),g._paths!=null&&Ji(b,!1);{let k=g._paths!=null?g._paths.gaps:null,A=g.points.show(r,b,rt,at,k),N=g.points.filter(r,b,A,k);(A||N)&&(g.points._paths=g.points.paths(r,b,rt,at,N),Ji(b,!0))}Ct!=x&&(f.globalAlpha=Ct=x),it("drawSeries",b)}}),d&&(f.globalAlpha=Ct=1)}}function Qi(d,g){let b=g?_[d].points:_[d];b._stroke=b.stroke(r,d),b._fill=b.fill(r,d)}function Ji(d,g){let b=g?_[d].points:_[d],{stroke:x,fill:k,clip:A,flags:N,_stroke:L=b._stroke,_fill:O=b._fill,_width:H=b.width}=b._paths;H=Ce(H*xe,3);let V=null,B=H%2/2;g&&O==null&&(O=H>0?"#fff":L);let ne=b.pxAlign==1&&B>0;if(ne&&f.translate(B,B),!g){let _e=Nt-H/2,$e=Wt-H/2,ce=At+H,X=Zt+H;V=new Path2D,V.rect(_e,$e,ce,X)}g?Qo(L,H,b.dash,b.cap,O,x,k,N,A):xd(d,L,H,b.dash,b.cap,O,x,k,N,V,A),ne&&f.translate(-B,-B)}function xd(d,g,b,x,k,A,N,L,O,H,V){let B=!1;O!=0&&M.forEach((ne,_e)=>{if(ne.series[0]==d){let $e=_[ne.series[1]],ce=t[ne.series[1]],X=($e._paths||ha).band;Rn(X)&&(X=ne.dir==1?X[0]:X[1]);let G,De=null;$e.show&&X&&If(ce,rt,at)?(De=ne.fill(r,_e)||A,G=$e._paths.clip):X=null,Qo(g,b,x,k,De,N,L,O,H,V,G,X),B=!0}}),B||Qo(g,b,x,k,A,N,L,O,H,V)}let Zi=Fr|Ys;function Qo(d,g,b,x,k,A,N,L,O,H,V,B){qi(d,g,b,x,k),(O||H||B)&&(f.save(),O&&f.clip(O),H&&f.clip(H)),B?(L&Zi)==Zi?(f.clip(B),V&&f.clip(V),Oa(k,N),Da(d,A,g)):L&Ys?(Oa(k,N),f.clip(B),Da(d,A,g)):L&Fr&&(f.save(),f.clip(B),V&&f.clip(V),Oa(k,N),f.restore(),Da(d,A,g)):(Oa(k,N),Da(d,A,g)),(O||H||B)&&f.restore()}function Da(d,g,b){b>0&&(g instanceof Map?g.forEach((x,k)=>{f.strokeStyle=La=k,f.stroke(x)}):g!=null&&d&&f.stroke(g))}function Oa(d,g){g instanceof Map?g.forEach((b,x)=>{f.fillStyle=br=x,f.fill(b)}):g!=null&&d&&f.fill(g)}function yd(d,g,b,x){let k=T[d],A;if(x<=0)A=[0,0];else{let N=k._space=k.space(r,d,g,b,x),L=k._incrs=k.incrs(r,d,g,b,x,N);A=ah(g,b,L,x,N)}return k._found=A}function Jo(d,g,b,x,k,A,N,L,O,H){let V=N%2/2;v==1&&f.translate(V,V),qi(L,N,O,H,L),f.beginPath();let B,ne,_e,$e,ce=k+(x==0||x==3?-A:A);b==0?(ne=k,$e=ce):(B=k,_e=ce);for(let X=0;X<d.length;X++)g[X]!=null&&(b==0?B=_e=d[X]:ne=$e=d[X],f.moveTo(B,ne),f.lineTo(_e,$e));f.stroke(),v==1&&f.translate(-V,-V)}function wd(d){let g=!0;return T.forEach((b,x)=>{if(!b.show)return;let k=S[b.scale];if(k.min==null){b._show&&(g=!1,b._show=!1,_r(!1));return}else b._show||(g=!1,b._show=!0,_r(!1));let A=b.side,N=A%2,{min:L,max:O}=k,[H,V]=yd(x,L,O,N==0?oe:W);if(V==0)return;let B=k.distr==2,ne=b._splits=b.splits(r,x,L,O,H,V,B),_e=k.distr==2?ne.map(G=>Xt[G]):ne,$e=k.distr==2?Xt[ne[1]]-Xt[ne[0]]:H,ce=b._values=b.values(r,b.filter(r,_e,x,V,$e),x,V,$e);b._rotate=A==2?b.rotate(r,ce,x,V):0;let X=b._size;b._size=Qt(b.size(r,ce,x,d)),X!=null&&b._size!=X&&(g=!1)}),g}function kd(d){let g=!0;return ji.forEach((b,x)=>{let k=b(r,x,qn,d);k!=Sn[x]&&(g=!1),Sn[x]=k}),g}function Sd(){for(let d=0;d<T.length;d++){let g=T[d];if(!g.show||!g._show)continue;let b=g.side,x=b%2,k,A,N=g.stroke(r,d),L=b==0||b==3?-1:1,[O,H]=g._found;if(g.label!=null){let _t=g.labelGap*L,Lt=tt((g._lpos+_t)*xe);Gi(g.labelFont[0],N,"center",b==2?"top":dc),f.save(),x==1?(k=A=0,f.translate(Lt,tt(Wt+Zt/2)),f.rotate((b==3?-eo:eo)/2)):(k=tt(Nt+At/2),A=Lt);let Qn=tu(g.label)?g.label(r,d,O,H):g.label;f.fillText(Qn,k,A),f.restore()}if(H==0)continue;let V=S[g.scale],B=x==0?At:Zt,ne=x==0?Nt:Wt,_e=g._splits,$e=V.distr==2?_e.map(_t=>Xt[_t]):_e,ce=V.distr==2?Xt[_e[1]]-Xt[_e[0]]:O,X=g.ticks,G=g.border,De=X.show?X.size:0,We=tt(De*xe),lt=tt((g.alignTo==2?g._size-De-g.gap:g.gap)*xe),Te=g._rotate*-eo/180,Be=w(g._pos*xe),Pt=(We+lt)*L,bt=Be+Pt;A=x==0?bt:0,k=x==1?bt:0;let Kt=g.font[0],en=g.align==1?Pr:g.align==2?Ds:Te>0?Pr:Te<0?Ds:x==0?"center":b==3?Ds:Pr,dn=Te||x==1?"middle":b==2?"top":dc;Gi(Kt,N,en,dn);let Rt=g.font[1]*g.lineGap,qt=_e.map(_t=>w(s(_t,V,B,ne))),tn=g._values;for(let _t=0;_t<tn.length;_t++){let Lt=tn[_t];if(Lt!=null){x==0?k=qt[_t]:A=qt[_t],Lt=""+Lt;let Qn=Lt.indexOf(`
`)==-1?[Lt]:Lt.split(/\n/gm);for(let xt=0;xt<Qn.length;xt++){let $l=Qn[xt];Te?(f.save(),f.translate(k,A+xt*Rt),f.rotate(Te),f.fillText($l,0,0),f.restore()):f.fillText($l,k,A+xt*Rt)}}}X.show&&Jo(qt,X.filter(r,$e,d,H,ce),x,b,Be,We,Ce(X.width*xe,3),X.stroke(r,d),X.dash,X.cap);let fn=g.grid;fn.show&&Jo(qt,fn.filter(r,$e,d,H,ce),x,x==0?2:1,x==0?Wt:Nt,x==0?Zt:At,Ce(fn.width*xe,3),fn.stroke(r,d),fn.dash,fn.cap),G.show&&Jo([Be],[1],x==0?1:0,x==0?1:2,x==1?Wt:Nt,x==1?Zt:At,Ce(G.width*xe,3),G.stroke(r,d),G.dash,G.cap)}it("drawAxes")}function _r(d){_.forEach((g,b)=>{b>0&&(g._paths=null,d&&(a==1?(g.min=null,g.max=null):g.facets.forEach(x=>{x.min=null,x.max=null})))})}let Ia=!1,Zo=!1,Qr=[];function Td(){Zo=!1;for(let d=0;d<Qr.length;d++)it(...Qr[d]);Qr.length=0}function xr(){Ia||(Jf(Xi),Ia=!0)}function Md(d,g=!1){Ia=!0,Zo=g,d(r),Xi(),g&&Qr.length>0&&queueMicrotask(Td)}r.batch=Md;function Xi(){if(zo&&(vd(),zo=!1),mr&&(pd(),mr=!1),Na){if(Oe(m,Pr,Ee),Oe(m,"top",Xe),Oe(m,pa,oe),Oe(m,da,W),Oe(y,Pr,Ee),Oe(y,"top",Xe),Oe(y,pa,oe),Oe(y,da,W),Oe(h,pa,vn),Oe(h,da,Vn),u.width=tt(vn*xe),u.height=tt(Vn*xe),T.forEach(({_el:d,_show:g,_size:b,_pos:x,side:k})=>{if(d!=null)if(g){let A=k===3||k===0?b:0,N=k%2==1;Oe(d,N?"left":"top",x-A),Oe(d,N?"width":"height",b),Oe(d,N?"top":"left",N?Xe:Ee),Oe(d,N?"height":"width",N?W:oe),Bs(d,tr)}else zt(d,tr)}),La=br=Vo=Bo=jo=Ko=qo=Go=Wo=null,Ct=1,Xr(!0),Ee!=fr||Xe!=Wn||oe!=ln||W!=Bn){_r(!1);let d=oe/ln,g=W/Bn;if($t&&!jn&&q.left>=0){q.left*=d,q.top*=g,yr&&hn(yr,tt(q.left),0,oe,W),wr&&hn(wr,0,tt(q.top),oe,W);for(let b=0;b<jt.length;b++){let x=jt[b];x!=null&&($r[b]*=d,vr[b]*=g,hn(x,Qt($r[b]),Qt(vr[b]),oe,W))}}if(Le.show&&!Pa&&Le.left>=0&&Le.width>0){Le.left*=d,Le.width*=d,Le.top*=g,Le.height*=g;for(let b in as)Oe(Tr,b,Le[b])}fr=Ee,Wn=Xe,ln=oe,Bn=W}it("setSize"),Na=!1}vn>0&&Vn>0&&(f.clearRect(0,0,u.width,u.height),it("drawClear"),D.forEach(d=>d()),it("draw")),Le.show&&Pa&&(Fa(Le),Pa=!1),$t&&jn&&(Yn(null,!0,!1),jn=!1),le.show&&le.live&&Bt&&(ns(),Bt=!1),l||(l=!0,r.status=1,it("ready")),Yr=!1,Ia=!1}r.redraw=(d,g)=>{mr=g||!1,d!==!1?Mn(E,P.min,P.max):xr()};function Xo(d,g){let b=S[d];if(b.from==null){if(ft==0){let x=b.range(r,g.min,g.max,d);g.min=x[0],g.max=x[1]}if(g.min>g.max){let x=g.min;g.min=g.max,g.max=x}if(ft>1&&g.min!=null&&g.max!=null&&g.max-g.min<1e-16)return;d==E&&b.distr==2&&ft>0&&(g.min=an(g.min,t[0]),g.max=an(g.max,t[0]),g.min==g.max&&g.max++),Q[d]=g,zo=!0,xr()}}r.setScale=Xo;let es,ts,yr,wr,el,tl,kr,Sr,nl,rl,Re,ze,Tn=!1,mt=q.drag,ot=mt.x,st=mt.y;$t&&(q.x&&(es=Yt(xf,y)),q.y&&(ts=Yt(yf,y)),P.ori==0?(yr=es,wr=ts):(yr=ts,wr=es),Re=q.left,ze=q.top);let Le=r.select=Je({show:!0,over:!0,left:0,width:0,top:0,height:0},e.select),Tr=Le.show?Yt(_f,Le.over?y:m):null;function Fa(d,g){if(Le.show){for(let b in d)Le[b]=d[b],b in as&&Oe(Tr,b,d[b]);g!==!1&&it("setSelect")}}r.setSelect=Fa;function Ad(d){if(_[d].show)Ze&&Bs(He[d],tr);else if(Ze&&zt(He[d],tr),$t){let b=gr?jt[0]:jt[d];b!=null&&hn(b,-10,-10,oe,W)}}function Mn(d,g,b){Xo(d,{min:g,max:b})}function un(d,g,b,x){g.focus!=null&&Rd(d),g.show!=null&&_.forEach((k,A)=>{A>0&&(d==A||d==null)&&(k.show=g.show,Ad(A),a==2?(Mn(k.facets[0].scale,null,null),Mn(k.facets[1].scale,null,null)):Mn(k.scale,null,null),xr())}),b!==!1&&it("setSeries",d,g),x&&ea("setSeries",r,d,g)}r.setSeries=un;function Cd(d,g){Je(M[d],g)}function Ed(d,g){d.fill=de(d.fill||null),d.dir=ve(d.dir,-1),g=g??M.length,M.splice(g,0,d)}function Nd(d){d==null?M.length=0:M.splice(d,1)}r.addBand=Ed,r.setBand=Cd,r.delBand=Nd;function Pd(d,g){_[d].alpha=g,$t&&jt[d]!=null&&(jt[d].style.opacity=g),Ze&&He[d]&&(He[d].style.opacity=g)}let bn,An,Gn,Mr={focus:!0};function Rd(d){if(d!=Gn){let g=d==null,b=cn.alpha!=1;_.forEach((x,k)=>{if(a==1||k>0){let A=g||k==0||k==d;x._focus=g?null:A,b&&Pd(k,A?1:cn.alpha)}}),Gn=d,b&&xr()}}Ze&&hr&&vt(gc,ye,d=>{q._lock||(Kn(d),Gn!=null&&un(null,Mr,!0,Ye.setSeries))});function pn(d,g,b){let x=S[g];b&&(d=d/xe-(x.ori==1?Xe:Ee));let k=oe;x.ori==1&&(k=W,d=k-d),x.dir==-1&&(d=k-d);let A=x._min,N=x._max,L=d/k,O=A+(N-A)*L,H=x.distr;return H==3?Dr(10,O):H==4?zf(O,x.asinh):H==100?x.bwd(O):O}function Ld(d,g){let b=pn(d,E,g);return an(b,t[0],rt,at)}r.valToIdx=d=>an(d,t[0]),r.posToIdx=Ld,r.posToVal=pn,r.valToPos=(d,g,b)=>S[g].ori==0?o(d,S[g],b?At:oe,b?Nt:0):i(d,S[g],b?Zt:W,b?Wt:0),r.setCursor=(d,g,b)=>{Re=d.left,ze=d.top,Yn(null,g,b)};function al(d,g){Oe(Tr,Pr,Le.left=d),Oe(Tr,pa,Le.width=g)}function ol(d,g){Oe(Tr,"top",Le.top=d),Oe(Tr,da,Le.height=g)}let Jr=P.ori==0?al:ol,Zr=P.ori==1?al:ol;function Dd(){if(Ze&&le.live)for(let d=a==2?1:0;d<_.length;d++){if(d==0&&Vt)continue;let g=le.values[d],b=0;for(let x in g)sn[d][b++].firstChild.nodeValue=g[x]}}function ns(d,g){if(d!=null&&(d.idxs?d.idxs.forEach((b,x)=>{Se[x]=b}):Wf(d.idx)||Se.fill(d.idx),le.idx=Se[0]),Ze&&le.live){for(let b=0;b<_.length;b++)(b>0||a==1&&!Vt)&&Od(b,Se[b]);Dd()}Bt=!1,g!==!1&&it("setLegend")}r.setLegend=ns;function Od(d,g){let b=_[d],x=d==0&&j==2?Xt:t[d],k;Vt?k=b.values(r,d,g)??kn:(k=b.value(r,g==null?null:x[g],d,g),k=k==null?kn:{_:k}),le.values[d]=k}function Yn(d,g,b){nl=Re,rl=ze,[Re,ze]=q.move(r,Re,ze),q.left=Re,q.top=ze,$t&&(yr&&hn(yr,tt(Re),0,oe,W),wr&&hn(wr,0,tt(ze),oe,W));let x,k=rt>at;bn=Ae,An=null;let A=P.ori==0?oe:W,N=P.ori==1?oe:W;if(Re<0||ft==0||k){x=q.idx=null;for(let L=0;L<_.length;L++){let O=jt[L];O!=null&&hn(O,-10,-10,oe,W)}hr&&un(null,Mr,!0,d==null&&Ye.setSeries),le.live&&(Se.fill(x),Bt=!0)}else{let L,O,H;a==1&&(L=P.ori==0?Re:ze,O=pn(L,E),x=q.idx=an(O,t[0],rt,at),H=U(t[0][x],P,A,0));let V=-10,B=-10,ne=0,_e=0,$e=!0,ce="",X="";for(let G=a==2?1:0;G<_.length;G++){let De=_[G],We=Se[G],lt=We==null?null:a==1?t[G][We]:t[G][1][We],Te=q.dataIdx(r,G,x,O),Be=Te==null?null:a==1?t[G][Te]:t[G][1][Te];if(Bt=Bt||Be!=lt||Te!=We,Se[G]=Te,G>0&&De.show){let Pt=Te==null?-10:Te==x?H:U(a==1?t[0][Te]:t[G][0][Te],P,A,0),bt=Be==null?-10:te(Be,a==1?S[De.scale]:S[De.facets[1].scale],N,0);if(hr&&Be!=null){let Kt=P.ori==1?Re:ze,en=nt(cn.dist(r,G,Te,bt,Kt));if(en<bn){let dn=cn.bias;if(dn!=0){let Rt=pn(Kt,De.scale),qt=Be>=0?1:-1,tn=Rt>=0?1:-1;tn==qt&&(tn==1?dn==1?Be>=Rt:Be<=Rt:dn==1?Be<=Rt:Be>=Rt)&&(bn=en,An=G)}else bn=en,An=G}}if(Bt||gr){let Kt,en;P.ori==0?(Kt=Pt,en=bt):(Kt=bt,en=Pt);let dn,Rt,qt,tn,fn,_t,Lt=!0,Qn=gt.bbox;if(Qn!=null){Lt=!1;let xt=Qn(r,G);qt=xt.left,tn=xt.top,dn=xt.width,Rt=xt.height}else qt=Kt,tn=en,dn=Rt=gt.size(r,G);if(_t=gt.fill(r,G),fn=gt.stroke(r,G),gr)G==An&&bn<=cn.prox&&(V=qt,B=tn,ne=dn,_e=Rt,$e=Lt,ce=_t,X=fn);else{let xt=jt[G];xt!=null&&($r[G]=qt,vr[G]=tn,wc(xt,dn,Rt,Lt),xc(xt,_t,fn),hn(xt,Qt(qt),Qt(tn),oe,W))}}}}if(gr){let G=cn.prox,De=Gn==null?bn<=G:bn>G||An!=Gn;if(Bt||De){let We=jt[0];We!=null&&($r[0]=V,vr[0]=B,wc(We,ne,_e,$e),xc(We,ce,X),hn(We,Qt(V),Qt(B),oe,W))}}}if(Le.show&&Tn)if(d!=null){let[L,O]=Ye.scales,[H,V]=Ye.match,[B,ne]=d.cursor.sync.scales,_e=d.cursor.drag;if(ot=_e._x,st=_e._y,ot||st){let{left:$e,top:ce,width:X,height:G}=d.select,De=d.scales[B].ori,We=d.posToVal,lt,Te,Be,Pt,bt,Kt=L!=null&&H(L,B),en=O!=null&&V(O,ne);Kt&&ot?(De==0?(lt=$e,Te=X):(lt=ce,Te=G),Be=S[L],Pt=U(We(lt,B),Be,A,0),bt=U(We(lt+Te,B),Be,A,0),Jr(on(Pt,bt),nt(bt-Pt))):Jr(0,A),en&&st?(De==1?(lt=$e,Te=X):(lt=ce,Te=G),Be=S[O],Pt=te(We(lt,ne),Be,N,0),bt=te(We(lt+Te,ne),Be,N,0),Zr(on(Pt,bt),nt(bt-Pt))):Zr(0,N)}else os()}else{let L=nt(nl-el),O=nt(rl-tl);if(P.ori==1){let ne=L;L=O,O=ne}ot=mt.x&&L>=mt.dist,st=mt.y&&O>=mt.dist;let H=mt.uni;H!=null?ot&&st&&(ot=L>=H,st=O>=H,!ot&&!st&&(O>L?st=!0:ot=!0)):mt.x&&mt.y&&(ot||st)&&(ot=st=!0);let V,B;ot&&(P.ori==0?(V=kr,B=Re):(V=Sr,B=ze),Jr(on(V,B),nt(B-V)),st||Zr(0,N)),st&&(P.ori==1?(V=kr,B=Re):(V=Sr,B=ze),Zr(on(V,B),nt(B-V)),ot||Jr(0,A)),!ot&&!st&&(Jr(0,0),Zr(0,0))}if(mt._x=ot,mt._y=st,d==null){if(b){if(gl!=null){let[L,O]=Ye.scales;Ye.values[0]=L!=null?pn(P.ori==0?Re:ze,L):null,Ye.values[1]=O!=null?pn(P.ori==1?Re:ze,O):null}ea(Os,r,Re,ze,oe,W,x)}if(hr){let L=b&&Ye.setSeries,O=cn.prox;Gn==null?bn<=O&&un(An,Mr,!0,L):bn>O?un(null,Mr,!0,L):An!=Gn&&un(An,Mr,!0,L)}}Bt&&(le.idx=x,ns()),g!==!1&&it("setCursor")}let Cn=null;Object.defineProperty(r,"rect",{get(){return Cn==null&&Xr(!1),Cn}});function Xr(d=!1){d?Cn=null:(Cn=y.getBoundingClientRect(),it("syncRect",Cn))}function sl(d,g,b,x,k,A,N){q._lock||Tn&&d!=null&&d.movementX==0&&d.movementY==0||(rs(d,g,b,x,k,A,N,!1,d!=null),d!=null?Yn(null,!0,!0):Yn(g,!0,!1))}function rs(d,g,b,x,k,A,N,L,O){if(Cn==null&&Xr(!1),Kn(d),d!=null)b=d.clientX-Cn.left,x=d.clientY-Cn.top;else{if(b<0||x<0){Re=-10,ze=-10;return}let[H,V]=Ye.scales,B=g.cursor.sync,[ne,_e]=B.values,[$e,ce]=B.scales,[X,G]=Ye.match,De=g.axes[0].side%2==1,We=P.ori==0?oe:W,lt=P.ori==1?oe:W,Te=De?A:k,Be=De?k:A,Pt=De?x:b,bt=De?b:x;if($e!=null?b=X(H,$e)?s(ne,S[H],We,0):-10:b=We*(Pt/Te),ce!=null?x=G(V,ce)?s(_e,S[V],lt,0):-10:x=lt*(bt/Be),P.ori==1){let Kt=b;b=x,x=Kt}}O&&(g==null||g.cursor.event.type==Os)&&((b<=1||b>=oe-1)&&(b=Xn(b,oe)),(x<=1||x>=W-1)&&(x=Xn(x,W))),L?(el=b,tl=x,[kr,Sr]=q.move(r,b,x)):(Re=b,ze=x)}let as={width:0,height:0,left:0,top:0};function os(){Fa(as,!1)}let il,ll,cl,ul;function pl(d,g,b,x,k,A,N){Tn=!0,ot=st=mt._x=mt._y=!1,rs(d,g,b,x,k,A,N,!0,!1),d!=null&&(vt(Is,Vs,dl,!1),ea(mc,r,kr,Sr,oe,W,null));let{left:L,top:O,width:H,height:V}=Le;il=L,ll=O,cl=H,ul=V}function dl(d,g,b,x,k,A,N){Tn=mt._x=mt._y=!1,rs(d,g,b,x,k,A,N,!1,!0);let{left:L,top:O,width:H,height:V}=Le,B=H>0||V>0,ne=il!=L||ll!=O||cl!=H||ul!=V;if(B&&ne&&Fa(Le),mt.setScale&&B&&ne){let _e=L,$e=H,ce=O,X=V;if(P.ori==1&&(_e=O,$e=V,ce=L,X=H),ot&&Mn(E,pn(_e,E),pn(_e+$e,E)),st)for(let G in S){let De=S[G];G!=E&&De.from==null&&De.min!=Ae&&Mn(G,pn(ce+X,G),pn(ce,G))}os()}else q.lock&&(q._lock=!q._lock,Yn(g,!0,d!=null));d!=null&&(dr(Is,Vs),ea(Is,r,Re,ze,oe,W,null))}function Id(d,g,b,x,k,A,N){if(q._lock)return;Kn(d);let L=Tn;if(Tn){let O=!0,H=!0,V=10,B,ne;P.ori==0?(B=ot,ne=st):(B=st,ne=ot),B&&ne&&(O=Re<=V||Re>=oe-V,H=ze<=V||ze>=W-V),B&&O&&(Re=Re<kr?0:oe),ne&&H&&(ze=ze<Sr?0:W),Yn(null,!0,!0),Tn=!1}Re=-10,ze=-10,Se.fill(null),Yn(null,!0,!0),L&&(Tn=L)}function fl(d,g,b,x,k,A,N){q._lock||(Kn(d),Ho(),os(),d!=null&&ea($c,r,Re,ze,oe,W,null))}function ml(){T.forEach(oh),Uo(r.width,r.height,!0)}nr(to,Lr,ml);let Ar={};Ar.mousedown=pl,Ar.mousemove=sl,Ar.mouseup=dl,Ar.dblclick=fl,Ar.setSeries=(d,g,b,x)=>{let k=Ye.match[2];b=k(r,g,b),b!=-1&&un(b,x,!0,!1)},$t&&(vt(mc,y,pl),vt(Os,y,sl),vt(hc,y,d=>{Kn(d),Xr(!1)}),vt(gc,y,Id),vt($c,y,fl),Qs.add(r),r.syncRect=Xr);let za=r.hooks=e.hooks||{};function it(d,g,b){Zo?Qr.push([d,g,b]):d in za&&za[d].forEach(x=>{x.call(null,r,g,b)})}(e.plugins||[]).forEach(d=>{for(let g in d.hooks)za[g]=(za[g]||[]).concat(d.hooks[g])});let hl=(d,g,b)=>b,Ye=Je({key:null,setSeries:!1,filters:{pub:Ac,sub:Ac},scales:[E,_[1]?_[1].scale:null],match:[Cc,Cc,hl],values:[null,null]},q.sync);Ye.match.length==2&&Ye.match.push(hl),q.sync=Ye;let gl=Ye.key,ss=Su(gl);function ea(d,g,b,x,k,A,N){Ye.filters.pub(d,g,b,x,k,A,N)&&ss.pub(d,g,b,x,k,A,N)}ss.sub(r);function Fd(d,g,b,x,k,A,N){Ye.filters.sub(d,g,b,x,k,A,N)&&Ar[d](null,g,b,x,k,A,N)}r.pub=Fd;function zd(){ss.unsub(r),Qs.delete(r),Hn.clear(),js(to,Lr,ml),p.remove(),ye?.remove(),it("destroy")}r.destroy=zd;function is(){it("init",e,t),Ki(t||e.data,!1),Q[E]?Xo(E,Q[E]):Ho(),Pa=Le.show&&(Le.width>0||Le.height>0),jn=Bt=!0,Uo(e.width,e.height)}return _.forEach(Bi),T.forEach($d),n?n instanceof HTMLElement?(n.appendChild(p),is()):n(r,is):is(),r}pt.assign=Je;pt.fmtNum=ri;pt.rangeNum=no;pt.rangeLog=oo;pt.rangeAsinh=ti;pt.orient=ar;pt.pxRatio=xe;pt.join=Qf;pt.fmtDate=oi,pt.tzDate=im;pt.sync=Su;{pt.addGap=Wm,pt.clipGaps=lo;let e=pt.paths={points:Nu};e.linear=Ru,e.stepped=Km,e.bars=qm,e.spline=Ym}var fo=e=>getComputedStyle(document.documentElement).getPropertyValue(e).trim(),sh=e=>fo(`--chart-${e%8+1}`)||"#4fb3ff",di=(e,t)=>e?e.startsWith("--")?fo(e):e:sh(t),Iu="ophion:theme";function Fu(e,t,n,r,a){let o=Ve(null),i=Ve(0),s=()=>{o.current&&o.current.destroy();let l=e.current;l&&(o.current=new pt({...n(),width:Math.max(l.clientWidth,50),height:a},r(),l))};return re(()=>{s();let l=()=>{i.current+=1,s()};window.addEventListener(Iu,l);let p=new ResizeObserver(()=>{let u=e.current;o.current&&u&&u.clientWidth&&u.clientWidth!==o.current.width&&o.current.setSize({width:u.clientWidth,height:a})});return p.observe(e.current),()=>{window.removeEventListener(Iu,l),p.disconnect(),o.current&&o.current.destroy(),o.current=null}},[t,a]),re(()=>{o.current&&o.current.setData(r())}),o}function ih(e){let t=[],n=null;for(let r of e)n=r.values.map((a,o)=>(n?n[o]:0)+(a??0)),t.push(n);return t}function dt({title:e="",x:t=[],series:n=[],kind:r="line",stacked:a=!1,height:o=200,yFormat:i=ph,bands:s,sync:l,onSelectRange:p,onClickPoint:u,legend:f=!0}){let h=Ve(null),m=Ve({});m.current={series:n,onSelectRange:p,onClickPoint:u,yFormat:i,stacked:a};let y=a?n.map((_,T)=>n.length-1-T):n.map((_,T)=>T),v=()=>{let _=a?ih(m.current.series):m.current.series.map(T=>T.values);return[t,...y.map(T=>_[T])]},w=JSON.stringify([r,a,l||"",f,s||[],n.map(_=>[_.label,_.color,_.dash,_.fill,_.width,!!_.points,zu(_.values||[])])]);return Fu(h,w,()=>{let _=fo("--text-muted"),T=fo("--grid"),S={stroke:_,grid:{stroke:T,width:1},ticks:{stroke:T,width:1},font:"11px system-ui, sans-serif"};return{ms:1,legend:{show:f,live:!0},cursor:{drag:{x:!!p,y:!1,setScale:!1},sync:l?{key:l}:void 0,points:{size:r==="points"?9:6}},scales:{x:{time:!0},y:{range:(M,E,I)=>[Math.min(0,E),I>0?I*1.08:1]}},axes:[{...S,values:ch},{...S,size:60,values:(M,E)=>E.map(I=>m.current.yFormat(I))}],bands:(s||[]).map(M=>({series:[y.indexOf(M.upper)+1,y.indexOf(M.lower)+1],fill:fi(di(n[M.upper].color,M.upper),.15)})),series:[{label:"Time",value:(M,E)=>E==null?"":new Date(E).toLocaleString()},...y.map(M=>lh(n[M],M,r,a,m))],hooks:{setSelect:[M=>{if(M.select.width>4&&m.current.onSelectRange){let E=M.posToVal(M.select.left,"x"),I=M.posToVal(M.select.left+M.select.width,"x");m.current.onSelectRange(Math.round(E),Math.round(I))}M.setSelect({left:0,width:0,top:0,height:0},!1)}],ready:[M=>M.over.addEventListener("click",E=>{if(!m.current.onClickPoint)return;let I=uh(M,E.offsetX,E.offsetY);I!=null&&m.current.onClickPoint(I)})]}}},v,o),c`<div class="chart" role="img" aria-label=${e||n.map(_=>_.label).join(", ")}>
    ${e&&c`<div class="chart-title">${e}</div>`}
    <div ref=${h} class=${u?"chart-plot clickable":"chart-plot"}></div>
  </div>`}function lh(e,t,n,r,a){let o=di(e.color,t),i={label:e.label,stroke:o,width:e.width??(n==="bars"?0:1.5),dash:e.dash,spanGaps:!1,value:(l,p,u,f)=>{let h=r?a.current.series[t].values[f]:p;return h==null?"–":a.current.yFormat(h)}};if(n==="bars")return{...i,fill:o,paths:pt.paths.bars({size:[.8,40],gap:1}),points:{show:!1}};if(n==="points")return{...i,paths:()=>null,points:{show:!0,size:6,fill:o,stroke:o,width:0}};let s=e.fill??(n==="area"||r?fi(o,r?.6:.12):void 0);return{...i,fill:typeof s=="string"?s:void 0,points:{show:!!e.points||zu(e.values),size:e.points?6:5,fill:o}}}function zu(e){for(let t=0;t<e.length;t++)if(e[t]!=null&&e[t-1]==null&&e[t+1]==null)return!0;return!1}var $a=e=>String(e).padStart(2,"0");function ch(e,t,n,r,a){return t.map((o,i)=>{let s=new Date(o),l=`${$a(s.getHours())}:${$a(s.getMinutes())}`,p=a<6e4?`${l}:${$a(s.getSeconds())}`:l;a<1e3&&(p+=`.${String(s.getMilliseconds()).padStart(3,"0")}`);let u=i>0?new Date(t[i-1]):null;return a>=864e5||u&&u.getDate()!==s.getDate()||i===0&&a>=36e5?`${$a(s.getMonth()+1)}-${$a(s.getDate())} ${p}`:p})}function uh(e,t,n){let r=null,a=400,o=e.data[0];for(let i=1;i<e.data.length;i++){let s=e.data[i];for(let l=0;l<o.length;l++){if(s[l]==null)continue;let p=e.valToPos(o[l],"x")-t,u=e.valToPos(s[l],"y")-n,f=p*p+u*u;f<a&&(a=f,r=l)}}return r}function fi(e,t){let n=e.match(/^#([0-9a-f]{6})$/i);if(!n)return e;let r=parseInt(n[1],16);return`rgba(${r>>16},${r>>8&255},${r&255},${t})`}function ph(e){if(e==null)return"";let t=Math.abs(e);return t>=1e9?`${+(e/1e9).toFixed(1)}G`:t>=1e6?`${+(e/1e6).toFixed(1)}M`:t>=1e3?`${+(e/1e3).toFixed(1)}k`:t>=10||t===0?String(+e.toFixed(1)):String(+e.toPrecision(2))}function Uu({values:e=[],x:t,color:n,label:r="trend",width:a=120,height:o=28}){let i=Ve(null),s=Ve({});s.current={values:e,x:t};let l=()=>{let u=s.current.values;return[s.current.x||u.map((f,h)=>h),u]},p=()=>{let u=di(n,0);return{width:a,ms:1,legend:{show:!1},cursor:{show:!1},select:{show:!1},scales:{x:{time:!1},y:{range:(f,h,m)=>[0,m>0?m*1.1:1]}},axes:[{show:!1},{show:!1}],series:[{},{stroke:u,width:1.25,fill:fi(u,.15),points:{show:!1}}]}};return Fu(i,String(n),p,l,o),c`<div class="sparkline" role="img" aria-label=${r} ref=${i}></div>`}function Me({data:e,error:t,loading:n},r=()=>!1){return t?"error":n&&e===void 0||e===void 0?"loading":r(e)?"empty":"ready"}function fe({name:e,state:t="ready",title:n,subtitle:r,actions:a,children:o}){return re(()=>{n&&(document.title=`${n} · Ophion`)},[n]),c`<main id="main" class="screen" data-screen=${e} data-state=${t} tabindex="-1"
      aria-busy=${t==="loading"?"true":"false"}>
    ${(n||a)&&c`<div class="screen-head">
      <div class="screen-titles">
        ${n&&c`<h1>${n}</h1>`}
        ${r&&c`<div class="screen-subtitle">${r}</div>`}
      </div>
      ${a&&c`<div class="screen-actions">${a}</div>`}
    </div>`}
    ${o}
  </main>`}function ee({label:e="Loading"}){return c`<div class="loading" role="status"><span class="spinner" aria-hidden="true"></span>${e}…</div>`}function ke({title:e="Nothing here yet",children:t,sdk:n=!1}){let r=location.hostname||"127.0.0.1";return c`<div class="empty" role="status">
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
  </div>`}function mo(e,t="desc"){let[n,r]=ut(),a={key:n.sort||e,dir:n.dir||t};return[a,i=>{let s=a.key===i?a.dir==="asc"?"desc":"asc":i==="name"?"asc":"desc";r({sort:i,dir:s},{replace:!0})}]}function ho(e,{key:t,dir:n},r={}){let a=r[t]||(i=>i[t]),o=n==="asc"?1:-1;return[...e].sort((i,s)=>{let l=a(i),p=a(s);return l==null&&p==null?0:l==null?1:p==null?-1:(typeof l=="string"?l.localeCompare(p):l-p)*o})}function ht({columns:e,rows:t,rowKey:n,rowProps:r,sort:a,onSort:o,caption:i,dense:s=!1,empty:l}){return c`<div class="table-wrap">
    <table class=${s?"table dense":"table"}>
      ${i&&c`<caption class="sr-only">${i}</caption>`}
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
  </div>`}function Vr({tabs:e,active:t,label:n="Sections"}){return c`<nav class="tabs" aria-label=${n}>
    ${e.map(r=>c`<a href=${r.href} data-tab=${r.id} class=${r.id===t?"tab active":"tab"}
        aria-current=${r.id===t?"page":void 0}>
      ${r.label}${r.count!=null&&c` <span class="tab-count">${r.count}</span>`}
    </a>`)}
  </nav>`}function ie({tone:e="muted",children:t,title:n}){return c`<span class=${`badge badge-${e}`} title=${n}>${t}</span>`}function me({label:e,value:t,tone:n,hint:r}){return c`<div class="stat">
    <div class="stat-label">${e}</div>
    <div class=${n?`stat-value tone-${n}`:"stat-value"}>${t}</div>
    ${r&&c`<div class="stat-hint">${r}</div>`}
  </div>`}function ue({title:e,actions:t,children:n,className:r="",id:a,flush:o=!1}){let i=Ue(()=>a||fh("panel"),[a]);return c`<section class=${`panel ${r}`} aria-labelledby=${e?i:void 0}>
    ${(e||t)&&c`<div class="panel-head">
      ${e&&c`<h2 id=${i}>${e}</h2>`}
      ${t&&c`<div class="panel-actions">${t}</div>`}
    </div>`}
    <div class=${o?"panel-body flush":"panel-body"}>${n}</div>
  </section>`}function Dn({data:e,empty:t="none"}){let n=Object.entries(e||{}).sort(([r],[a])=>r.localeCompare(a));return n.length?c`<dl class="kv">${n.map(([r,a])=>c`<div class="kv-row">
    <dt>${r}</dt><dd>${typeof a=="object"&&a!==null?JSON.stringify(a):String(a)}</dd>
  </div>`)}</dl>`:c`<p class="muted">${t}</p>`}var dh=0,fh=(e="id")=>`${e}-${++dh}`,Hu=new Intl.NumberFormat("en-US"),se=e=>e==null||!Number.isFinite(Number(e))?"–":Hu.format(e);function Wr(e){if(e==null||!Number.isFinite(Number(e)))return"–";let t=Math.abs(e);return t>=1e9?`${+(e/1e9).toFixed(1)}G`:t>=1e6?`${+(e/1e6).toFixed(1)}M`:t>=1e4?`${+(e/1e3).toFixed(1)}k`:Hu.format(Math.round(e*100)/100)}function gn(e){if(e==null||!Number.isFinite(Number(e)))return"–";let t=Number(e);return t===0?"0/s":t<.01?`${+(t*60).toPrecision(2)}/min`:`${t>=100?Wr(Math.round(t)):+t.toPrecision(3)}/s`}function Ge(e){if(e==null||!Number.isFinite(Number(e)))return"–";let t=Number(e)*100;return t===0?"0%":t<.1?"<0.1%":`${t>=10?Math.round(t):+t.toFixed(1)}%`}function On(e){return e>=17?"error":e>=13?"warn":e>=9?"info":"muted"}async function Vu({start:e,end:t,step:n},r){try{return await Z.get("/api/v1/dashboard/stats",{start:e,end:t},{signal:r})}catch(a){if(a.status!==404)throw a}return mh({start:e,end:t,step:n},r)}async function mh({start:e,end:t,step:n},r){let[{services:a},o,i]=await Promise.all([Z.get("/api/v1/services",{start:e,end:t},{signal:r}),Z.get("/api/v1/insights",{start:e,end:t,limit:1e3},{signal:r}).catch(()=>({insights:[]})),Z.get("/api/v1/stats",null,{signal:r}).catch(()=>({}))]),s={};for(let h of o.insights||[])h.service&&(s[h.service]=(s[h.service]||0)+1);let l=Ya(n)/1e3,p=await Promise.all(a.map(h=>Z.get(`/api/v1/services/${encodeURIComponent(h.name)}/series`,{start:e,end:t,step:n},{signal:r}).catch(()=>({points:[]})))),u=a.map((h,m)=>({...h,open_insights:s[h.name]||0,sparkline:(p[m].points||[]).map(y=>({time_unix_nano:y.time_unix_nano,rate_per_sec:y.span_count/l,error_rate:y.span_count?y.error_count/y.span_count:0,p95_ms:y.p95_ms}))})),f=h=>u.reduce((m,y)=>m+(y[h]||0),0);return{start_unix_nano:e*1e6,end_unix_nano:t*1e6,step_seconds:l,totals:{services:u.length,spans:f("span_count"),errors:f("error_count"),logs:i.logs??null,error_logs:null,open_insights:(o.insights||[]).length},services:u}}function Wu(e,{start:t,end:n,stepMs:r}){let a=Math.max(1,Math.ceil((n-t)/r)),o=Array.from({length:a},(l,p)=>t+p*r),i={x:o,rate:o.map(()=>0),errorsPerSec:o.map(()=>0),errorRate:o.map(()=>null),p50:o.map(()=>null),p95:o.map(()=>null),p99:o.map(()=>null)},s=r/1e3;for(let l of e||[]){let p=Math.floor((l.time_unix_nano/1e6-t)/r);p<0||p>=a||(i.rate[p]+=l.span_count/s,i.errorsPerSec[p]+=l.error_count/s,i.errorRate[p]=l.span_count?l.error_count/l.span_count:0,i.p50[p]=l.p50_ms,i.p95[p]=l.p95_ms,i.p99[p]=l.p99_ms)}return i}function Bu(e,{start:t,end:n,stepMs:r},a,o=0){let i=Math.max(1,Math.ceil((n-t)/r)),s=Array.from({length:i},(p,u)=>t+u*r),l=s.map(()=>o);for(let p of e||[]){let u=Math.floor((p.time_unix_nano/1e6-t)/r);u>=0&&u<i&&(l[u]=a(p))}return{x:s,values:l}}function mi(e,t){if(!e.length)return null;let n=Math.min(e.length-1,Math.max(0,Math.ceil(t*e.length)-1));return e[n]}function ju(e,t){let n=new Map;for(let r of e){let a=n.get(r.name);a||n.set(r.name,a={name:r.name,kind:r.kind,durations:[],error_count:0}),a.durations.push(r.duration_ns/1e6),r.status_code==="error"&&(a.error_count+=1)}return[...n.values()].map(r=>{let a=r.durations.sort((o,i)=>o-i);return{name:r.name,kind:r.kind,span_count:a.length,rate_per_sec:a.length/t,error_count:r.error_count,error_rate:r.error_count/a.length,p50_ms:mi(a,.5),p95_ms:mi(a,.95),p99_ms:mi(a,.99)}})}var or=e=>e>=.05?"error":e>=.01?"warn":"ok";function Ku(){let e=qe(),t=It(f=>Vu(e,f),[e.start,e.end]),[n,r]=mo("rate","desc"),[a,o]=Nr("q",""),i=t.data,s=Me(t,f=>f.services.length===0),l=Ue(()=>{if(!i)return[];let f=a.toLowerCase(),h=i.services.filter(m=>!f||m.name.toLowerCase().includes(f));return ho(h,n,{rate:m=>m.rate_per_sec,p50:m=>m.p50_ms,p95:m=>m.p95_ms,p99:m=>m.p99_ms,insights:m=>m.open_insights})},[i,a,n.key,n.dir]),p=i&&{start:i.start_unix_nano/1e6,end:i.end_unix_nano/1e6,stepMs:i.step_seconds*1e3},u=[{key:"name",label:"Service",sort:!0,render:f=>c`<a href=${F(`/ui/services/${encodeURIComponent(f.name)}`)}>${f.name}</a>`},{key:"rate",label:"Rate",sort:!0,align:"right",render:f=>gn(f.rate_per_sec)},{key:"error_rate",label:"Errors",sort:!0,align:"right",render:f=>c`<${ie} tone=${f.error_count?or(f.error_rate):"muted"}>${Ge(f.error_rate)}<//>`},{key:"p50",label:"p50",sort:!0,align:"right",render:f=>pe(f.p50_ms)},{key:"p95",label:"p95",sort:!0,align:"right",render:f=>pe(f.p95_ms)},{key:"p99",label:"p99",sort:!0,align:"right",render:f=>pe(f.p99_ms)},{key:"trend",label:"Rate trend",render:f=>{let{x:h,values:m}=Bu(f.sparkline,p,y=>y.rate_per_sec);return c`<${Uu} label=${`${f.name} request rate over the range`} x=${h} values=${m}
        color=${f.error_rate>=.05?"--error":"--chart-1"} />`}},{key:"insights",label:"Insights",sort:!0,align:"right",render:f=>f.open_insights?c`<a href=${F("/ui/insights",{service:f.name})} data-testid="insight-count"
          aria-label=${`${f.open_insights} insight${f.open_insights===1?"":"s"} about ${f.name}`}><${ie} tone="warn">${f.open_insights}<//></a>`:c`<span class="muted" data-testid="insight-count">0</span>`}];return c`<${fe} name="overview" state=${s} title="Services"
      subtitle="Request rate, errors and latency of every service that sent spans in the range">
    ${t.error&&c`<${J} error=${t.error} retry=${t.reload} />`}
    ${s==="loading"&&c`<${ee} label="Loading services" />`}
    ${s==="empty"&&c`<${ke} title="No services have sent spans in this range" sdk=${!0} />`}
    ${i&&i.services.length>0&&c`
      <div class="stats">
        <${me} label="Services" value=${i.totals.services} />
        <${me} label="Spans" value=${Wr(i.totals.spans)} />
        <${me} label="Errors" value=${Wr(i.totals.errors)}
          tone=${i.totals.errors?"error":void 0}
          hint=${i.totals.spans?`${Ge(i.totals.errors/i.totals.spans)} of spans`:""} />
        ${i.totals.logs!=null&&c`<${me} label="Logs" value=${Wr(i.totals.logs)}
          hint=${i.totals.error_logs!=null?`${Wr(i.totals.error_logs)} errors`:"stored"} />`}
        <${me} label="Insights" value=${i.totals.open_insights}
          tone=${i.totals.open_insights?"warn":void 0} />
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
        <${ht} caption="Services" columns=${u} rows=${l} rowKey=${f=>f.name}
          rowProps=${f=>({"data-service":f.name})} sort=${n} onSort=${r}
          empty=${`No service matches “${a}”.`} />
      </div>`}
  <//>`}async function go(e,t,n){let r=`/api/v1/services/${encodeURIComponent(e)}`;try{return{operations:(await Z.get(`${r}/operations`,t.params,{signal:n})).operations,sampled:!1}}catch(s){if(s.status!==404)throw s}let a=1e3,{spans:o}=await Z.get("/api/v1/spans",{...t.params,service:e,limit:a},{signal:n}),i=(t.end-t.start)/1e3;if(o.length>=a){let s=o.map(l=>l.start_time_unix_nano/1e9);i=Math.max(1,Math.max(...s)-Math.min(...s))}return{operations:ju(o,i),sampled:o.length}}function $o({traces:e,caption:t="Traces",compact:n=!1,sort:r,onSort:a}){let o=Math.max(1,...e.map(s=>s.duration_ns)),i=[{key:"start",label:"Start",sort:!!a,render:s=>c`<span class="nowrap">${Pe(K(s.start_time_unix_nano))}</span>`},{key:"root",label:"Root span",render:s=>c`<a href=${`/ui/traces/${s.trace_id}`} class="trace-link">
        <span class="muted">${s.root_service||"?"}</span> ${s.root_name||"(missing root span)"}</a>`},{key:"duration",label:"Duration",sort:!!a,align:"right",render:s=>c`<span class="duration-cell">
        <span class="duration-bar" aria-hidden="true"><span class=${s.has_error?"fill error":"fill"}
          style=${{width:`${Math.max(2,s.duration_ns/o*100)}%`}}></span></span>
        ${yt(s.duration_ns)}</span>`},{key:"spans",label:"Spans",align:"right",render:s=>s.span_count},...n?[]:[{key:"services",label:"Services",render:s=>c`<span class="service-list">
        ${(s.services||[]).slice(0,4).map(l=>c`<${ie} tone="muted">${l}<//> `)}
        ${(s.services||[]).length>4&&c`<span class="muted">+${s.services.length-4}</span>`}</span>`}],{key:"status",label:"Status",render:s=>s.has_error?c`<${ie} tone="error">${s.error_count} error${s.error_count===1?"":"s"}<//>`:c`<${ie} tone="ok">ok<//>`}];return c`<${ht} caption=${t} columns=${i} rows=${e} dense=${n}
    rowKey=${s=>s.trace_id} sort=${r} onSort=${a}
    rowProps=${s=>({"data-trace-id":s.trace_id,class:s.has_error?"row-error":""})} />`}function qu(e){let t=new Map;for(let p of e.spans||[])t.has(p.span_id)||t.set(p.span_id,p);let n=[...t.values()],r=new Map,a=[];for(let p of n)p.parent_span_id&&t.has(p.parent_span_id)&&p.parent_span_id!==p.span_id?(r.has(p.parent_span_id)||r.set(p.parent_span_id,[]),r.get(p.parent_span_id).push(p)):a.push(p);let o=(p,u)=>p.offset_ns-u.offset_ns||p.duration_ns-u.duration_ns;for(let p of r.values())p.sort(o);a.sort((p,u)=>p.span_id===e.root_span_id?-1:u.span_id===e.root_span_id?1:o(p,u));let i=Math.max(1,e.duration_ns||0,...n.map(p=>p.offset_ns+p.duration_ns)),s=[...new Set(n.map(p=>p.service_name))],l={spans:n,byId:t,children:r,roots:a,duration:i,services:s,critical:new Set};return a.length&&hh(l,a[0]),l}var va=e=>e.offset_ns+e.duration_ns;function hh(e,t){let n=[[t,va(t)]];for(;n.length;){let[r,a]=n.pop();e.critical.add(r.span_id);let o=[...e.children.get(r.span_id)||[]].sort((l,p)=>va(p)-va(l)),i=a,s=!0;for(let l of o)l.offset_ns>=i||!s&&va(l)>i||(n.push([l,Math.min(va(l),i)]),i=l.offset_ns,s=!1)}}function vo(e,t){let n=[],r=(a,o)=>{for(let i of a){let s=e.children.get(i.span_id);n.push({span:i,depth:o,hasChildren:!!(s&&s.length)}),s&&!t.has(i.span_id)&&r(s,o+1)}};return r(e.roots,0),n}function Gu(e,t){let n=0,r=[...e.children.get(t.span_id)||[]];for(;r.length;){let a=r.pop();n+=1,r.push(...e.children.get(a.span_id)||[])}return n}function bo(e,t){let n=[],r=e.byId.get(t);for(;r&&r.parent_span_id&&e.byId.has(r.parent_span_id);)n.push(r.parent_span_id),r=e.byId.get(r.parent_span_id);return n}var In=28,Yu=12,ba=(e,t)=>`svc-${e.services.indexOf(t)%8}`;function Qu({model:e,selected:t,onSelect:n,matches:r=null,toolbar:a=null}){let[o,i]=z(()=>new Set),[s,l]=z({a:0,b:e.duration}),p=s.a>0||s.b<e.duration,u=Ue(()=>vo(e,o),[e,o]),f=Ue(()=>new Map(u.map((C,R)=>[C.span.span_id,R])),[u]),h=Ve(null),[m,y]=z({top:0,height:600}),v=Ve(null);re(()=>{if(!t||f.has(t))return;let C=bo(e,t).filter(R=>o.has(R));C.length&&i(new Set([...o].filter(R=>!C.includes(R))))},[t]),sa(()=>{let C=h.current,R=f.get(t);if(!C||R==null)return;let P=R*In;P<C.scrollTop?C.scrollTop=P:P+In>C.scrollTop+C.clientHeight&&(C.scrollTop=P+In-C.clientHeight)},[t,f]),re(()=>{let C=h.current;if(!C)return;let R=()=>y({top:C.scrollTop,height:C.clientHeight});R();let P=new ResizeObserver(R);return P.observe(C),()=>P.disconnect()},[]),re(()=>{if(!v.current)return;let C=h.current&&h.current.querySelector(`[data-span-id="${v.current}"] .span-select`);C&&(C.focus({preventScroll:!0}),v.current=null)});let w=C=>{let R=new Set(o);R.has(C)?R.delete(C):R.add(C),i(R)},$=C=>{v.current=C,n(C)},_=(C,R,P)=>{let j=R.span.span_id;C.key==="ArrowDown"&&P+1<u.length?(C.preventDefault(),$(u[P+1].span.span_id)):C.key==="ArrowUp"&&P>0?(C.preventDefault(),$(u[P-1].span.span_id)):C.key==="ArrowLeft"?(C.preventDefault(),R.hasChildren&&!o.has(j)?w(j):R.span.parent_span_id&&e.byId.has(R.span.parent_span_id)&&$(R.span.parent_span_id)):C.key==="ArrowRight"&&R.hasChildren&&o.has(j)?(C.preventDefault(),w(j)):C.key==="Home"?(C.preventDefault(),$(u[0].span.span_id)):C.key==="End"&&(C.preventDefault(),$(u[u.length-1].span.span_id))},T=Math.max(0,Math.floor(m.top/In)-Yu),S=Math.min(u.length,Math.ceil((m.top+m.height)/In)+Yu),M=[0,.25,.5,.75,1],E=o.size>0,I=e.byId.get(t);return c`<div class="wf-toolbar">
    ${a}
    <span class="wf-actions">
      ${I&&c`<button type="button" class="btn btn-ghost" data-action="zoom-span" onClick=${()=>{let C=Math.max(I.duration_ns*.05,e.duration*.001);l({a:Math.max(0,I.offset_ns-C),b:Math.min(e.duration,I.offset_ns+I.duration_ns+C)})}}>Zoom to span</button>`}
      ${p&&c`<button type="button" class="btn btn-ghost" data-action="reset-zoom" onClick=${()=>l({a:0,b:e.duration})}>Reset zoom</button>`}
      <button type="button" class="btn btn-ghost" onClick=${()=>i(new Set)} disabled=${!E}>Expand all</button>
      <button type="button" class="btn btn-ghost" onClick=${()=>i(new Set(u.filter(C=>C.depth>=1&&C.hasChildren).map(C=>C.span.span_id)))}>Collapse</button>
    </span>
  </div>
  <div class="waterfall" role="region" aria-label="Trace waterfall">
    <div class="wf-head">
      <div class="wf-tree-head">Service · operation</div>
      <${gh} win=${s} ticks=${M} onZoom=${(C,R)=>l({a:C,b:R})} />
    </div>
    <div class="wf-body" data-testid="waterfall" ref=${h} style=${{height:`min(70vh, ${u.length*In+4}px)`}} onScroll=${C=>y({top:C.currentTarget.scrollTop,height:C.currentTarget.clientHeight})}>
      <div class="wf-spacer" style=${{height:`${u.length*In}px`}}>
        ${u.slice(T,S).map((C,R)=>c`<${$h} key=${C.span.span_id} row=${C} top=${(T+R)*In}
          model=${e} win=${s} selected=${C.span.span_id===t} collapsed=${o.has(C.span.span_id)}
          found=${r?r.has(C.span.span_id):null}
          onToggle=${w} onSelect=${n} onKey=${P=>_(P,C,T+R)} />`)}
      </div>
    </div>
  </div>`}function gh({win:e,ticks:t,onZoom:n}){let[r,a]=z(null),o=e.b-e.a,i=s=>{let l=s.currentTarget.getBoundingClientRect();return Math.min(1,Math.max(0,(s.clientX-l.left)/l.width))};return c`<div class="wf-axis" title="Drag to zoom into part of the trace"
      onPointerDown=${s=>{s.currentTarget.setPointerCapture(s.pointerId);let l=i(s);a({x0:l,x1:l})}}
      onPointerMove=${s=>r&&a({...r,x1:i(s)})}
      onPointerUp=${()=>{if(r&&Math.abs(r.x1-r.x0)>.01){let s=Math.min(r.x0,r.x1),l=Math.max(r.x0,r.x1);n(e.a+s*o,e.a+l*o)}a(null)}}>
    ${t.map(s=>c`<span class="wf-tick" aria-hidden="true" style=${{left:`${s*100}%`}}>${yt(e.a+o*s)}</span>`)}
    ${r&&c`<span class="wf-drag" style=${{left:`${Math.min(r.x0,r.x1)*100}%`,width:`${Math.abs(r.x1-r.x0)*100}%`}}></span>`}
  </div>`}function $h({row:e,top:t,model:n,win:r,selected:a,collapsed:o,found:i,onToggle:s,onSelect:l,onKey:p}){let{span:u,depth:f,hasChildren:h}=e,m=u.status_code==="error",y=n.critical.has(u.span_id),v=100/(r.b-r.a),w=(u.offset_ns-r.a)*v,$=Math.max(u.duration_ns*v,.15);w<0&&($+=w,w=0),$=Math.min($,100-w);let _=$<=0||w>=100;_&&(w=Math.min(Math.max(w,0),100),$=0);let T=u.offset_ns+u.duration_ns<=r.a,S=_?T?{left:"0"}:{right:"0"}:w+$<80?{left:`calc(${w+$}% + 6px)`}:w>12?{right:`calc(${100-w}% + 6px)`}:{right:`calc(${100-w-$}% + 4px)`},M=!_&&w+$>=80&&w<=12,E=ba(n,u.service_name);return c`<div class=${`wf-row${a?" selected":""}${m?" error":""}${y?" critical":""}${i===!0?" found":i===!1?" not-found":""}`}
      data-span-id=${u.span_id} data-critical=${y?"true":void 0} data-error=${m?"true":void 0}
      style=${{transform:`translateY(${t}px)`}}>
    <div class="wf-tree" style=${{paddingLeft:`${6+Math.min(f,40)*14}px`}}>
      ${h?c`<button type="button" class="wf-toggle" data-action="toggle" aria-expanded=${o?"false":"true"}
            aria-label=${`${o?"Expand":"Collapse"} ${u.name}`} onClick=${()=>s(u.span_id)}>
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
      ${!_&&c`<span class=${`wf-bar ${E}${m?" error":""}`} style=${{left:`${w}%`,width:`${$}%`}}></span>`}
      ${(u.events||[]).slice(0,20).map(D=>{let C=(u.offset_ns+(D.time_unix_nano-u.start_time_unix_nano)-r.a)*v;return C>=0&&C<=100&&c`<span class="wf-event" style=${{left:`${C}%`}}></span>`})}
      <span class=${M?"wf-dur inside":"wf-dur"} style=${S}>
        ${_&&T?"◂ ":""}${yt(u.duration_ns)}${_&&!T?" ▸":""}</span>
    </div>
  </div>`}function Ju({model:e,span:t,logs:n,onSelect:r}){if(!t)return c`<aside class="span-details panel" data-testid="span-details" aria-label="Span details">
      <div class="panel-body muted">Select a span to see its attributes, resource, events and links.</div>
    </aside>`;let a=t.status_code==="error",o=e.byId.get(t.parent_span_id),i=(n||[]).filter(l=>l.span_id===t.span_id),s=a?vh(e,t).slice(0,3):[];return c`<aside class="span-details panel" data-testid="span-details" aria-labelledby="span-details-title">
    <div class="panel-head">
      <h2 id="span-details-title" class="span-title">
        <span class=${`svc-chip ${ba(e,t.service_name)}`} aria-hidden="true"></span>
        ${t.name}</h2>
      ${a?c`<${ie} tone="error">error<//>`:c`<${ie} tone=${t.status_code==="ok"?"ok":"muted"}>${t.status_code}<//>`}
    </div>
    <div class="panel-body">
      <dl class="facts">
        <div><dt>Service</dt><dd><a href=${`/ui/services/${encodeURIComponent(t.service_name)}`}>${t.service_name}</a></dd></div>
        <div><dt>Duration</dt><dd>${yt(t.duration_ns)}</dd></div>
        <div><dt>Starts at</dt><dd>+${yt(t.offset_ns)}</dd></div>
        <div><dt>Kind</dt><dd>${t.kind}</dd></div>
        <div><dt>Start</dt><dd class="mono">${Gt(t.start_time_unix_nano)}</dd></div>
        <div><dt>Span id</dt><dd class="mono">${t.span_id}</dd></div>
        ${o&&c`<div><dt>Parent</dt><dd><a href=${`?span=${o.span_id}`}>${o.name}</a></dd></div>`}
        ${e.critical.has(t.span_id)&&c`<div><dt>Critical path</dt><dd>yes</dd></div>`}
        ${t.scope_name&&c`<div><dt>Scope</dt><dd class="mono">${t.scope_name}${t.scope_version?` ${t.scope_version}`:""}</dd></div>`}
      </dl>
      ${(a||t.status_message)&&c`<div class="error-message" role="note">
        <strong>${a?"Error":"Status message"}</strong><p>${_o(t)}</p>
        ${s.length>0&&c`<div class="caused-by">Caused by
          <ul>${s.map(l=>c`<li><button type="button" class="btn-link" onClick=${()=>r&&r(l.span_id)}>
            ${l.service_name} · ${l.name}</button>: ${_o(l)}</li>`)}</ul></div>`}
      </div>`}
      <${_a} title="Attributes" count=${Object.keys(t.attributes||{}).length}>
        <${Dn} data=${t.attributes} empty="No attributes." />
      <//>
      <${_a} title="Events" count=${(t.events||[]).length}>
        ${(t.events||[]).length===0?c`<p class="muted">No events.</p>`:c`<ol class="events">
          ${t.events.map(l=>c`<li class=${l.name==="exception"?"event exception":"event"}>
            <div><strong>${l.name}</strong> <span class="muted">+${yt(l.time_unix_nano-t.start_time_unix_nano)}</span></div>
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
      <${_a} title="Logs of this span" count=${i.length}>
        ${i.length===0?c`<p class="muted">No log records name this span.</p>`:c`<ul class="mini-logs">
          ${i.map(l=>c`<li><span class="mono muted">${Gt(l.time_unix_nano).slice(11)}</span>
            <span>${l.severity_text}</span><span class="mini-log-body">${l.body}</span></li>`)}</ul>`}
      <//>
      <${_a} title="Resource" count=${Object.keys(t.resource_attributes||{}).length} open=${!1}>
        <${Dn} data=${t.resource_attributes} empty="No resource attributes." />
      <//>
    </div>
  </aside>`}function _o(e){let t=(e.events||[]).find(a=>a.name==="exception"),n=t&&t.attributes||{},r=n["exception.message"]||e.status_message;return[n["exception.type"],r].filter(Boolean).join(": ")||"error (no message)"}function vh(e,t){let n=[],r=o=>(e.children.get(o.span_id)||[]).some(i=>i.status_code==="error"||r(i)),a=[...e.children.get(t.span_id)||[]];for(;a.length&&n.length<10;){let o=a.shift();o.status_code==="error"&&!r(o)&&n.push(o),a.push(...e.children.get(o.span_id)||[])}return n}function _a({title:e,count:t,open:n=!0,children:r}){return c`<details class="details-section" open=${n}>
    <summary><h3>${e}</h3> <span class="tab-count">${t}</span></summary>
    ${r}
  </details>`}function Zu({service:e}){let t=qe(),n=`/api/v1/services/${encodeURIComponent(e)}`,r=ae("/api/v1/services",t.params),a=ae(`${n}/series`,{...t.params,step:t.step}),o=It(v=>go(e,t,v),[e,t.start,t.end]),i=ae("/api/v1/traces",{...t.params,service:e,sort:"longest",limit:8}),s=ae("/api/v1/spans",{...t.params,service:e,status:"error",limit:8}),l=ae("/api/v1/logs",{...t.params,service:e,limit:12}),p=ae("/api/v1/insights",{...t.params,service:e,limit:8}),u=[o,i,s,l,p].every(v=>v.data!==void 0||v.error),f=r.data&&r.data.services.find(v=>v.name===e),h=r.error?"error":Me(a,v=>!f&&!(v.points||[]).length);h==="ready"&&!u&&(h="loading");let m=Ue(()=>a.data&&Wu(a.data.points,{...t,stepMs:Ya(t.step)}),[a.data]),y=(v,w)=>t.setRange({from:String(v),to:String(w)});return c`<${fe} name="service" state=${h} title=${e}
      subtitle=${c`<span class="crumbs"><a href=${F("/ui/")}>Services</a> / ${e}</span>`}
      actions=${c`<a class="btn" href=${F("/ui/traces",{service:e})}>Traces</a>
        <a class="btn" href=${F("/ui/logs",{service:e})}>Logs</a>
        <a class="btn" href=${F("/ui/service-map",{focus:e})}>Service map</a>`}>
    ${(r.error||a.error)&&c`<${J} error=${r.error||a.error}
      retry=${()=>{r.reload(),a.reload()}} />`}
    ${h==="loading"&&!m&&c`<${ee} label=${`Loading ${e}`} />`}
    ${h==="empty"&&c`<${ke} title=${`No spans from “${e}” in this range`}>
      <p>Widen the time range, or check the name: services are named by the
        <code>service.name</code> resource attribute (<code>OTEL_SERVICE_NAME</code>).</p>
      <p><a href=${F("/ui/")}>See all services</a></p><//>`}
    ${(h==="ready"||h==="loading"&&m)&&c`
      ${f&&c`<div class="stats">
        <${me} label="Rate" value=${gn(f.rate_per_sec)} hint=${`${se(f.span_count)} spans`} />
        <${me} label="Error rate" value=${Ge(f.error_rate)} tone=${f.error_count?or(f.error_rate):void 0}
          hint=${`${se(f.error_count)} errors`} />
        <${me} label="p50" value=${pe(f.p50_ms)} />
        <${me} label="p95" value=${pe(f.p95_ms)} />
        <${me} label="p99" value=${pe(f.p99_ms)} />
      </div>`}
      ${m&&c`<div class="grid grid-3 red-charts">
        <div class="panel"><div class="panel-body">
          <${dt} title="Requests / s" x=${m.x} sync="service" onSelectRange=${y} kind="area"
            series=${[{label:"requests/s",values:m.rate},{label:"errors/s",values:m.errorsPerSec,color:"--error"}]}
            yFormat=${v=>gn(v).replace("/s","")} />
        </div></div>
        <div class="panel"><div class="panel-body">
          <${dt} title="Error rate" x=${m.x} sync="service" onSelectRange=${y}
            series=${[{label:"error rate",values:m.errorRate,color:"--error"}]} yFormat=${Ge} />
        </div></div>
        <div class="panel"><div class="panel-body">
          <${dt} title="Latency" x=${m.x} sync="service" onSelectRange=${y}
            series=${[{label:"p50",values:m.p50,color:"--chart-2"},{label:"p95",values:m.p95,color:"--chart-3"},{label:"p99",values:m.p99,color:"--chart-4"}]} yFormat=${pe} />
        </div></div>
      </div>`}
      <${bh} service=${e} result=${o} />
      <div class="grid grid-2 section">
        <${_h} service=${e} r=${i} />
        <${xh} service=${e} r=${s} />
      </div>
      <div class="grid grid-2 section">
        <${yh} service=${e} r=${l} />
        <${wh} service=${e} r=${p} />
      </div>`}
  <//>`}function bh({service:e,result:t}){let[n,r]=mo("rate","desc"),a=t.data?ho(t.data.operations,n,{rate:s=>s.rate_per_sec,p50:s=>s.p50_ms,p95:s=>s.p95_ms,p99:s=>s.p99_ms}):[],o=(s,l={})=>F("/ui/traces",{service:e,operation:s.name,...l}),i=[{key:"name",label:"Operation",sort:!0,render:s=>c`<a href=${o(s)}>${s.name}</a>`},{key:"rate",label:"Rate",sort:!0,align:"right",render:s=>gn(s.rate_per_sec)},{key:"error_rate",label:"Errors",sort:!0,align:"right",render:s=>s.error_count?c`<a href=${o(s,{status:"error"})}><${ie} tone=${or(s.error_rate)}>${Ge(s.error_rate)}<//></a>`:c`<span class="muted">0%</span>`},{key:"p50",label:"p50",sort:!0,align:"right",render:s=>pe(s.p50_ms)},{key:"p95",label:"p95",sort:!0,align:"right",render:s=>pe(s.p95_ms)},{key:"p99",label:"p99",sort:!0,align:"right",render:s=>c`<a href=${o(s,{min_duration:Math.floor(s.p99_ms)||void 0})}
        title="Traces at or above p99">${pe(s.p99_ms)}</a>`}];return c`<${ue} title="Operations" className="section" flush=${!0}
      actions=${t.data&&t.data.sampled&&c`<span class="muted">estimated from the latest ${se(t.data.sampled)} spans</span>`}>
    ${t.error&&c`<${J} error=${t.error} retry=${t.reload} />`}
    ${!t.data&&!t.error&&c`<${ee} label="Loading operations" />`}
    ${t.data&&c`<${ht} caption="Operations" columns=${i} rows=${a} dense=${!0}
      rowKey=${s=>s.name} rowProps=${s=>({"data-operation":s.name})} sort=${n} onSort=${r}
      empty="No operations in this range." />`}
  <//>`}function _h({service:e,r:t}){return c`<${ue} title="Slowest traces" flush=${!0} actions=${c`<a href=${F("/ui/traces",{service:e,sort:"longest"})}>All traces →</a>`}>
    <${xo} result=${t} empty="No traces in this range." render=${n=>n.traces.length?c`<${$o} traces=${n.traces} compact=${!0} caption="Slowest traces" />`:null} />
  <//>`}function xh({service:e,r:t}){let n=[{key:"time",label:"Time",render:r=>c`<span class="mono nowrap">${Gt(r.start_time_unix_nano).slice(5,19)}</span>`},{key:"name",label:"Operation",render:r=>c`<a href=${`/ui/traces/${r.trace_id}?span=${r.span_id}`}>${r.name}</a>`},{key:"message",label:"Error",render:r=>c`<span class="error-text">${_o(r)}</span>`},{key:"duration",label:"Duration",align:"right",render:r=>yt(r.duration_ns)}];return c`<${ue} title="Recent errors" flush=${!0} actions=${c`<a href=${F("/ui/traces",{service:e,status:"error"})}>All errors →</a>`}>
    <${xo} result=${t} empty="No errors in this range." render=${r=>r.spans.length?c`<${ht} caption="Recent error spans" columns=${n} rows=${r.spans} dense=${!0}
          rowKey=${a=>a.span_id} />`:null} />
  <//>`}function yh({service:e,r:t}){return c`<${ue} title="Logs" actions=${c`<a href=${F("/ui/logs",{service:e})}>All logs →</a>`}>
    <${xo} result=${t} empty="No logs from this service in this range." render=${n=>n.logs.length?c`<ul class="mini-logs">${n.logs.map(r=>c`<li>
          <span class="mono muted nowrap">${Gt(r.time_unix_nano).slice(11)}</span>
          <${ie} tone=${On(r.severity_number)}>${r.severity_text||r.severity_number}<//>
          <span class="mini-log-body">${r.body}</span>
          ${r.trace_id&&c`<a href=${`/ui/traces/${r.trace_id}`} class="nowrap">trace</a>`}
        </li>`)}</ul>`:null} />
  <//>`}function wh({service:e,r:t}){return c`<${ue} title="Insights" actions=${c`<a href=${F("/ui/insights",{service:e})}>All insights →</a>`}>
    <${xo} result=${t} empty="No insights about this service in this range: nothing unusual was detected."
      render=${n=>n.insights.length?c`<ul class="mini-insights">${n.insights.map(r=>c`<li data-insight-id=${r.id}>
        <${ie} tone=${r.severity==="critical"?"error":r.severity==="warning"?"warn":"info"}>${r.severity}<//>
        <a href=${`/ui/insights/${encodeURIComponent(r.id)}`}>${r.title}</a>
        <span class="muted">${r.kind}</span></li>`)}</ul>`:null} />
  <//>`}function xo({result:e,render:t,empty:n}){return e.error?c`<${J} error=${e.error} retry=${e.reload} />`:e.data===void 0?c`<${ee} />`:t(e.data)||c`<p class="muted">${n}</p>`}function kh(e){let t=+this._x.call(null,e),n=+this._y.call(null,e);return ep(this.cover(t,n),t,n,e)}function ep(e,t,n,r){if(isNaN(t)||isNaN(n))return e;var a,o=e._root,i={data:r},s=e._x0,l=e._y0,p=e._x1,u=e._y1,f,h,m,y,v,w,$,_;if(!o)return e._root=i,e;for(;o.length;)if((v=t>=(f=(s+p)/2))?s=f:p=f,(w=n>=(h=(l+u)/2))?l=h:u=h,a=o,!(o=o[$=w<<1|v]))return a[$]=i,e;if(m=+e._x.call(null,o.data),y=+e._y.call(null,o.data),t===m&&n===y)return i.next=o,a?a[$]=i:e._root=i,e;do a=a?a[$]=new Array(4):e._root=new Array(4),(v=t>=(f=(s+p)/2))?s=f:p=f,(w=n>=(h=(l+u)/2))?l=h:u=h;while(($=w<<1|v)===(_=(y>=h)<<1|m>=f));return a[_]=o,a[$]=i,e}function Sh(e){Array.isArray(e)||(e=Array.from(e));let t=e.length,n=new Float64Array(t),r=new Float64Array(t),a=1/0,o=a,i=-a,s=i;for(let l=0,p,u,f;l<t;++l){if(isNaN(u=+this._x.call(null,p=e[l]))||isNaN(f=+this._y.call(null,p))){n[l]=NaN;continue}n[l]=u,r[l]=f,u<a&&(a=u),u>i&&(i=u),f<o&&(o=f),f>s&&(s=f)}if(a>i||o>s)return this;this.cover(a,o).cover(i,s);for(let l=0;l<t;++l)ep(this,n[l],r[l],e[l]);return this}function Th(e,t){if(isNaN(e=+e)||isNaN(t=+t))return this;var n=this._x0,r=this._y0,a=this._x1,o=this._y1;if(isNaN(n))a=(n=Math.floor(e))+1,o=(r=Math.floor(t))+1;else{for(var i=a-n||1,s=this._root,l,p;n>e||e>=a||r>t||t>=o;)switch(p=(t<r)<<1|e<n,l=new Array(4),l[p]=s,s=l,i*=2,p){case 0:a=n+i,o=r+i;break;case 1:n=a-i,o=r+i;break;case 2:a=n+i,r=o-i;break;case 3:n=a-i,r=o-i;break}this._root&&this._root.length&&(this._root=s)}return this._x0=n,this._y0=r,this._x1=a,this._y1=o,this}function Mh(){var e=[];return this.visit(function(t){if(!t.length)do e.push(t.data);while(t=t.next)}),e}function Ah(e){return arguments.length?this.cover(+e[0][0],+e[0][1]).cover(+e[1][0],+e[1][1]):isNaN(this._x0)?void 0:[[this._x0,this._y0],[this._x1,this._y1]]}function kt(e,t,n,r,a){this.node=e,this.x0=t,this.y0=n,this.x1=r,this.y1=a}function Ch(e,t,n){var r,a=this._x0,o=this._y0,i,s,l,p,u=this._x1,f=this._y1,h=[],m=this._root,y,v;for(m&&h.push(new kt(m,a,o,u,f)),n==null?n=1/0:(a=e-n,o=t-n,u=e+n,f=t+n,n*=n);y=h.pop();)if(!(!(m=y.node)||(i=y.x0)>u||(s=y.y0)>f||(l=y.x1)<a||(p=y.y1)<o))if(m.length){var w=(i+l)/2,$=(s+p)/2;h.push(new kt(m[3],w,$,l,p),new kt(m[2],i,$,w,p),new kt(m[1],w,s,l,$),new kt(m[0],i,s,w,$)),(v=(t>=$)<<1|e>=w)&&(y=h[h.length-1],h[h.length-1]=h[h.length-1-v],h[h.length-1-v]=y)}else{var _=e-+this._x.call(null,m.data),T=t-+this._y.call(null,m.data),S=_*_+T*T;if(S<n){var M=Math.sqrt(n=S);a=e-M,o=t-M,u=e+M,f=t+M,r=m.data}}return r}function Eh(e){if(isNaN(u=+this._x.call(null,e))||isNaN(f=+this._y.call(null,e)))return this;var t,n=this._root,r,a,o,i=this._x0,s=this._y0,l=this._x1,p=this._y1,u,f,h,m,y,v,w,$;if(!n)return this;if(n.length)for(;;){if((y=u>=(h=(i+l)/2))?i=h:l=h,(v=f>=(m=(s+p)/2))?s=m:p=m,t=n,!(n=n[w=v<<1|y]))return this;if(!n.length)break;(t[w+1&3]||t[w+2&3]||t[w+3&3])&&(r=t,$=w)}for(;n.data!==e;)if(a=n,!(n=n.next))return this;return(o=n.next)&&delete n.next,a?(o?a.next=o:delete a.next,this):t?(o?t[w]=o:delete t[w],(n=t[0]||t[1]||t[2]||t[3])&&n===(t[3]||t[2]||t[1]||t[0])&&!n.length&&(r?r[$]=n:this._root=n),this):(this._root=o,this)}function Nh(e){for(var t=0,n=e.length;t<n;++t)this.remove(e[t]);return this}function Ph(){return this._root}function Rh(){var e=0;return this.visit(function(t){if(!t.length)do++e;while(t=t.next)}),e}function Lh(e){var t=[],n,r=this._root,a,o,i,s,l;for(r&&t.push(new kt(r,this._x0,this._y0,this._x1,this._y1));n=t.pop();)if(!e(r=n.node,o=n.x0,i=n.y0,s=n.x1,l=n.y1)&&r.length){var p=(o+s)/2,u=(i+l)/2;(a=r[3])&&t.push(new kt(a,p,u,s,l)),(a=r[2])&&t.push(new kt(a,o,u,p,l)),(a=r[1])&&t.push(new kt(a,p,i,s,u)),(a=r[0])&&t.push(new kt(a,o,i,p,u))}return this}function Dh(e){var t=[],n=[],r;for(this._root&&t.push(new kt(this._root,this._x0,this._y0,this._x1,this._y1));r=t.pop();){var a=r.node;if(a.length){var o,i=r.x0,s=r.y0,l=r.x1,p=r.y1,u=(i+l)/2,f=(s+p)/2;(o=a[0])&&t.push(new kt(o,i,s,u,f)),(o=a[1])&&t.push(new kt(o,u,s,l,f)),(o=a[2])&&t.push(new kt(o,i,f,u,p)),(o=a[3])&&t.push(new kt(o,u,f,l,p))}n.push(r)}for(;r=n.pop();)e(r.node,r.x0,r.y0,r.x1,r.y1);return this}function Oh(e){return e[0]}function Ih(e){return arguments.length?(this._x=e,this):this._x}function Fh(e){return e[1]}function zh(e){return arguments.length?(this._y=e,this):this._y}function yo(e,t,n){var r=new hi(t??Oh,n??Fh,NaN,NaN,NaN,NaN);return e==null?r:r.addAll(e)}function hi(e,t,n,r,a,o){this._x=e,this._y=t,this._x0=n,this._y0=r,this._x1=a,this._y1=o,this._root=void 0}function Xu(e){for(var t={data:e.data},n=t;e=e.next;)n=n.next={data:e.data};return t}var St=yo.prototype=hi.prototype;St.copy=function(){var e=new hi(this._x,this._y,this._x0,this._y0,this._x1,this._y1),t=this._root,n,r;if(!t)return e;if(!t.length)return e._root=Xu(t),e;for(n=[{source:t,target:e._root=new Array(4)}];t=n.pop();)for(var a=0;a<4;++a)(r=t.source[a])&&(r.length?n.push({source:r,target:t.target[a]=new Array(4)}):t.target[a]=Xu(r));return e};St.add=kh;St.addAll=Sh;St.cover=Th;St.data=Mh;St.extent=Ah;St.find=Ch;St.remove=Eh;St.removeAll=Nh;St.root=Ph;St.size=Rh;St.visit=Lh;St.visitAfter=Dh;St.x=Ih;St.y=zh;var Uh={value:()=>{}};function gi(){for(var e=0,t=arguments.length,n={},r;e<t;++e){if(!(r=arguments[e]+"")||r in n||/[\s.]/.test(r))throw new Error("illegal type: "+r);n[r]=[]}return new wo(n)}function wo(e){this._=e}function Hh(e,t){return e.trim().split(/^|\s+/).map(function(n){var r="",a=n.indexOf(".");if(a>=0&&(r=n.slice(a+1),n=n.slice(0,a)),n&&!t.hasOwnProperty(n))throw new Error("unknown type: "+n);return{type:n,name:r}})}wo.prototype=gi.prototype={constructor:wo,on:function(e,t){var n=this._,r=Hh(e+"",n),a,o=-1,i=r.length;if(arguments.length<2){for(;++o<i;)if((a=(e=r[o]).type)&&(a=Vh(n[a],e.name)))return a;return}if(t!=null&&typeof t!="function")throw new Error("invalid callback: "+t);for(;++o<i;)if(a=(e=r[o]).type)n[a]=tp(n[a],e.name,t);else if(t==null)for(a in n)n[a]=tp(n[a],e.name,null);return this},copy:function(){var e={},t=this._;for(var n in t)e[n]=t[n].slice();return new wo(e)},call:function(e,t){if((a=arguments.length-2)>0)for(var n=new Array(a),r=0,a,o;r<a;++r)n[r]=arguments[r+2];if(!this._.hasOwnProperty(e))throw new Error("unknown type: "+e);for(o=this._[e],r=0,a=o.length;r<a;++r)o[r].value.apply(t,n)},apply:function(e,t,n){if(!this._.hasOwnProperty(e))throw new Error("unknown type: "+e);for(var r=this._[e],a=0,o=r.length;a<o;++a)r[a].value.apply(t,n)}};function Vh(e,t){for(var n=0,r=e.length,a;n<r;++n)if((a=e[n]).name===t)return a.value}function tp(e,t,n){for(var r=0,a=e.length;r<a;++r)if(e[r].name===t){e[r]=Uh,e=e.slice(0,r).concat(e.slice(r+1));break}return n!=null&&e.push({name:t,value:n}),e}var Br=0,ya=0,xa=0,rp=1e3,ko,wa,So=0,sr=0,To=0,ka=typeof performance=="object"&&performance.now?performance:Date,ap=typeof window=="object"&&window.requestAnimationFrame?window.requestAnimationFrame.bind(window):function(e){setTimeout(e,17)};function op(){return sr||(ap(Wh),sr=ka.now()+To)}function Wh(){sr=0}function $i(){this._call=this._time=this._next=null}$i.prototype=bi.prototype={constructor:$i,restart:function(e,t,n){if(typeof e!="function")throw new TypeError("callback is not a function");n=(n==null?op():+n)+(t==null?0:+t),!this._next&&wa!==this&&(wa?wa._next=this:ko=this,wa=this),this._call=e,this._time=n,vi()},stop:function(){this._call&&(this._call=null,this._time=1/0,vi())}};function bi(e,t,n){var r=new $i;return r.restart(e,t,n),r}function Bh(){op(),++Br;for(var e=ko,t;e;)(t=sr-e._time)>=0&&e._call.call(void 0,t),e=e._next;--Br}function np(){sr=(So=ka.now())+To,Br=ya=0;try{Bh()}finally{Br=0,Kh(),sr=0}}function jh(){var e=ka.now(),t=e-So;t>rp&&(To-=t,So=e)}function Kh(){for(var e,t=ko,n,r=1/0;t;)t._call?(r>t._time&&(r=t._time),e=t,t=t._next):(n=t._next,t._next=null,t=e?e._next=n:ko=n);wa=e,vi(r)}function vi(e){if(!Br){ya&&(ya=clearTimeout(ya));var t=e-sr;t>24?(e<1/0&&(ya=setTimeout(np,Math.ceil(e-ka.now()-To)+1)),xa&&(xa=clearInterval(xa))):(xa||(So=ka.now(),xa=setInterval(jh,rp)),Br=1,ap(np))}}function Tt(e){return function(){return e}}function Fn(e){return(e()-.5)*1e-6}function qh(e){return e.x+e.vx}function Gh(e){return e.y+e.vy}function lp(e){var t,n,r,a=1,o=1;typeof e!="function"&&(e=Tt(e==null?1:+e));function i(){for(var p,u=t.length,f,h,m,y,v,w,$=0;$<o;++$)for(f=yo(t,qh,Gh).visitAfter(s),p=0;p<u;++p)h=t[p],v=n[h.index],w=v*v,m=h.x+h.vx,y=h.y+h.vy,f.visit(_);function _(T,S,M,E,I){var D=T.data,C=T.r,R=v+C;if(D){if(D.index>h.index){var P=m-D.x-D.vx,j=y-D.y-D.vy,U=P*P+j*j;U<R*R&&(P===0&&(P=Fn(r),U+=P*P),j===0&&(j=Fn(r),U+=j*j),U=(R-(U=Math.sqrt(U)))/U*a,h.vx+=(P*=U)*(R=(C*=C)/(w+C)),h.vy+=(j*=U)*R,D.vx-=P*(R=1-R),D.vy-=j*R)}return}return S>m+R||E<m-R||M>y+R||I<y-R}}function s(p){if(p.data)return p.r=n[p.data.index];for(var u=p.r=0;u<4;++u)p[u]&&p[u].r>p.r&&(p.r=p[u].r)}function l(){if(t){var p,u=t.length,f;for(n=new Array(u),p=0;p<u;++p)f=t[p],n[f.index]=+e(f,p,t)}}return i.initialize=function(p,u){t=p,r=u,l()},i.iterations=function(p){return arguments.length?(o=+p,i):o},i.strength=function(p){return arguments.length?(a=+p,i):a},i.radius=function(p){return arguments.length?(e=typeof p=="function"?p:Tt(+p),l(),i):e},i}function Yh(e){return e.index}function sp(e,t){var n=e.get(t);if(!n)throw new Error("node not found: "+t);return n}function cp(e){var t=Yh,n=f,r,a=Tt(30),o,i,s,l,p,u=1;e==null&&(e=[]);function f(w){return 1/Math.min(s[w.source.index],s[w.target.index])}function h(w){for(var $=0,_=e.length;$<u;++$)for(var T=0,S,M,E,I,D,C,R;T<_;++T)S=e[T],M=S.source,E=S.target,I=E.x+E.vx-M.x-M.vx||Fn(p),D=E.y+E.vy-M.y-M.vy||Fn(p),C=Math.sqrt(I*I+D*D),C=(C-o[T])/C*w*r[T],I*=C,D*=C,E.vx-=I*(R=l[T]),E.vy-=D*R,M.vx+=I*(R=1-R),M.vy+=D*R}function m(){if(i){var w,$=i.length,_=e.length,T=new Map(i.map((M,E)=>[t(M,E,i),M])),S;for(w=0,s=new Array($);w<_;++w)S=e[w],S.index=w,typeof S.source!="object"&&(S.source=sp(T,S.source)),typeof S.target!="object"&&(S.target=sp(T,S.target)),s[S.source.index]=(s[S.source.index]||0)+1,s[S.target.index]=(s[S.target.index]||0)+1;for(w=0,l=new Array(_);w<_;++w)S=e[w],l[w]=s[S.source.index]/(s[S.source.index]+s[S.target.index]);r=new Array(_),y(),o=new Array(_),v()}}function y(){if(i)for(var w=0,$=e.length;w<$;++w)r[w]=+n(e[w],w,e)}function v(){if(i)for(var w=0,$=e.length;w<$;++w)o[w]=+a(e[w],w,e)}return h.initialize=function(w,$){i=w,p=$,m()},h.links=function(w){return arguments.length?(e=w,m(),h):e},h.id=function(w){return arguments.length?(t=w,h):t},h.iterations=function(w){return arguments.length?(u=+w,h):u},h.strength=function(w){return arguments.length?(n=typeof w=="function"?w:Tt(+w),y(),h):n},h.distance=function(w){return arguments.length?(a=typeof w=="function"?w:Tt(+w),v(),h):a},h}var Qh=1664525,Jh=1013904223,ip=4294967296;function Zh(){let e=1;return()=>(e=(Qh*e+Jh)%ip)/ip}function Xh(e){return e.x}function eg(e){return e.y}var tg=10,ng=Math.PI*(3-Math.sqrt(5));function up(e){var t,n=1,r=.001,a=1-Math.pow(r,1/300),o=0,i=.6,s=new Map,l=bi(f),p=gi("tick","end"),u=Zh();e==null&&(e=[]);function f(){h(),p.call("tick",t),n<r&&(l.stop(),p.call("end",t))}function h(v){var w,$=e.length,_;v===void 0&&(v=1);for(var T=0;T<v;++T)for(n+=(o-n)*a,s.forEach(function(S){S(n)}),w=0;w<$;++w)_=e[w],_.fx==null?_.x+=_.vx*=i:(_.x=_.fx,_.vx=0),_.fy==null?_.y+=_.vy*=i:(_.y=_.fy,_.vy=0);return t}function m(){for(var v=0,w=e.length,$;v<w;++v){if($=e[v],$.index=v,$.fx!=null&&($.x=$.fx),$.fy!=null&&($.y=$.fy),isNaN($.x)||isNaN($.y)){var _=tg*Math.sqrt(.5+v),T=v*ng;$.x=_*Math.cos(T),$.y=_*Math.sin(T)}(isNaN($.vx)||isNaN($.vy))&&($.vx=$.vy=0)}}function y(v){return v.initialize&&v.initialize(e,u),v}return m(),t={tick:h,restart:function(){return l.restart(f),t},stop:function(){return l.stop(),t},nodes:function(v){return arguments.length?(e=v,m(),s.forEach(y),t):e},alpha:function(v){return arguments.length?(n=+v,t):n},alphaMin:function(v){return arguments.length?(r=+v,t):r},alphaDecay:function(v){return arguments.length?(a=+v,t):+a},alphaTarget:function(v){return arguments.length?(o=+v,t):o},velocityDecay:function(v){return arguments.length?(i=1-v,t):1-i},randomSource:function(v){return arguments.length?(u=v,s.forEach(y),t):u},force:function(v,w){return arguments.length>1?(w==null?s.delete(v):s.set(v,y(w)),t):s.get(v)},find:function(v,w,$){var _=0,T=e.length,S,M,E,I,D;for($==null?$=1/0:$*=$,_=0;_<T;++_)I=e[_],S=v-I.x,M=w-I.y,E=S*S+M*M,E<$&&(D=I,$=E);return D},on:function(v,w){return arguments.length>1?(p.on(v,w),t):p.on(v)}}}function pp(){var e,t,n,r,a=Tt(-30),o,i=1,s=1/0,l=.81;function p(m){var y,v=e.length,w=yo(e,Xh,eg).visitAfter(f);for(r=m,y=0;y<v;++y)t=e[y],w.visit(h)}function u(){if(e){var m,y=e.length,v;for(o=new Array(y),m=0;m<y;++m)v=e[m],o[v.index]=+a(v,m,e)}}function f(m){var y=0,v,w,$=0,_,T,S;if(m.length){for(_=T=S=0;S<4;++S)(v=m[S])&&(w=Math.abs(v.value))&&(y+=v.value,$+=w,_+=w*v.x,T+=w*v.y);m.x=_/$,m.y=T/$}else{v=m,v.x=v.data.x,v.y=v.data.y;do y+=o[v.data.index];while(v=v.next)}m.value=y}function h(m,y,v,w){if(!m.value)return!0;var $=m.x-t.x,_=m.y-t.y,T=w-y,S=$*$+_*_;if(T*T/l<S)return S<s&&($===0&&($=Fn(n),S+=$*$),_===0&&(_=Fn(n),S+=_*_),S<i&&(S=Math.sqrt(i*S)),t.vx+=$*m.value*r/S,t.vy+=_*m.value*r/S),!0;if(m.length||S>=s)return;(m.data!==t||m.next)&&($===0&&($=Fn(n),S+=$*$),_===0&&(_=Fn(n),S+=_*_),S<i&&(S=Math.sqrt(i*S)));do m.data!==t&&(T=o[m.data.index]*r/S,t.vx+=$*T,t.vy+=_*T);while(m=m.next)}return p.initialize=function(m,y){e=m,n=y,u()},p.strength=function(m){return arguments.length?(a=typeof m=="function"?m:Tt(+m),u(),p):a},p.distanceMin=function(m){return arguments.length?(i=m*m,p):Math.sqrt(i)},p.distanceMax=function(m){return arguments.length?(s=m*m,p):Math.sqrt(s)},p.theta=function(m){return arguments.length?(l=m*m,p):Math.sqrt(l)},p}function dp(e){var t=Tt(.1),n,r,a;typeof e!="function"&&(e=Tt(e==null?0:+e));function o(s){for(var l=0,p=n.length,u;l<p;++l)u=n[l],u.vx+=(a[l]-u.x)*r[l]*s}function i(){if(n){var s,l=n.length;for(r=new Array(l),a=new Array(l),s=0;s<l;++s)r[s]=isNaN(a[s]=+e(n[s],s,n))?0:+t(n[s],s,n)}}return o.initialize=function(s){n=s,i()},o.strength=function(s){return arguments.length?(t=typeof s=="function"?s:Tt(+s),i(),o):t},o.x=function(s){return arguments.length?(e=typeof s=="function"?s:Tt(+s),i(),o):e},o}function fp(e){var t=Tt(.1),n,r,a;typeof e!="function"&&(e=Tt(e==null?0:+e));function o(s){for(var l=0,p=n.length,u;l<p;++l)u=n[l],u.vy+=(a[l]-u.y)*r[l]*s}function i(){if(n){var s,l=n.length;for(r=new Array(l),a=new Array(l),s=0;s<l;++s)r[s]=isNaN(a[s]=+e(n[s],s,n))?0:+t(n[s],s,n)}}return o.initialize=function(s){n=s,i()},o.strength=function(s){return arguments.length?(t=typeof s=="function"?s:Tt(+s),i(),o):t},o.y=function(s){return arguments.length?(e=typeof s=="function"?s:Tt(+s),i(),o):e},o}async function rg(e,t){let[n,{services:r}]=await Promise.all([Z.get("/api/v1/service-map",e.params,{signal:t}),Z.get("/api/v1/services",e.params,{signal:t})]);return{...n,services:r}}function mp(){let e=qe(),t=It(o=>rg(e,o),[e.start,e.end]),[n]=Nr("focus",""),r=Me(t,o=>o.edges.length===0&&o.nodes.length===0),a=(e.end-e.start)/1e3;return c`<${fe} name="service-map" state=${r} title="Service map"
      subtitle="Calls between services in the range. Node size: request rate; colour: error rate. Click a service to open it.">
    ${t.error&&c`<${J} error=${t.error} retry=${t.reload} />`}
    ${r==="loading"&&c`<${ee} label="Building the service map" />`}
    ${r==="empty"&&c`<${ke} title="No calls between services in this range">
      <p>The map is drawn from parent/child spans that cross services. Instrument at least two
        services that call each other (HTTP or gRPC client and server spans, with context
        propagation on, which OpenTelemetry SDKs do by default), or widen the time range.</p>
      <p><a href=${F("/ui/")}>See services</a></p><//>`}
    ${r==="ready"&&c`
      <${og} data=${t.data} seconds=${a} focus=${n} />
      <${ig} edges=${t.data.edges} seconds=${a} />`}
  <//>`}var Mo=1100;function ag(e,t){let n=new Map(e.services.map(v=>[v.name,v])),r=[...new Set([...e.nodes,...e.edges.flatMap(v=>[v.caller,v.callee])])].sort(),a=new Map(r.map(v=>[v,0]));for(let v of e.edges)v.caller!==v.callee&&a.set(v.callee,a.get(v.callee)+1);let o=new Map,i=r.filter(v=>a.get(v)===0).map(v=>[v,0]);for(;;){for(;i.length;){let[w,$]=i.shift();if(!o.has(w)){o.set(w,$);for(let _ of e.edges)_.caller===w&&!o.has(_.callee)&&i.push([_.callee,$+1])}}let v=r.filter(w=>!o.has(w)).sort((w,$)=>a.get(w)-a.get($));if(!v.length)break;i.push([v[0],0])}let s=Math.max(0,...o.values()),l=Math.max(1e-9,...r.map(v=>(n.get(v)||{}).rate_per_sec||0)),p=r.map(v=>{let w=n.get(v)||{};return{id:v,stats:w,depth:o.get(v)??0,r:14+18*Math.sqrt((w.rate_per_sec||0)/l)}}),u=e.edges.filter(v=>v.caller!==v.callee).map(v=>({source:v.caller,target:v.callee,edge:v})),f=v=>s?100+v/s*(Mo-200):Mo/2,h=Math.max(1,...[...o.values()].reduce((v,w)=>v.set(w,(v.get(w)||0)+1),new Map).values()),m=Math.max(420,Math.min(900,h*120+80));up(p).force("link",cp(u).id(v=>v.id).distance(200).strength(.2)).force("charge",pp().strength(-1400)).force("x",dp(v=>f(v.depth)).strength(.3)).force("y",fp(m/2).strength(.08)).force("collide",lp(v=>v.r+60)).stop().tick(300);for(let v of p)v.x=Math.max(v.r+60,Math.min(Mo-v.r-60,v.x)),v.y=Math.max(v.r+20,Math.min(m-v.r-40,v.y));let y=Math.max(1,...u.map(v=>v.edge.call_count));for(let v of u)v.width=1.5+4*Math.sqrt(v.edge.call_count/y);return{nodes:p,links:u,H:m}}function og({data:e,seconds:t,focus:n}){let{nodes:r,links:a,H:o}=Ue(()=>ag(e,t),[e]),i=a.length<=8,[s,l]=z(n||""),p=u=>!s||u===s||a.some(f=>f.source.id===s&&f.target.id===u||f.target.id===s&&f.source.id===u);return c`<div class="panel map-panel">
    <svg class="service-map" viewBox=${`0 0 ${Mo} ${o}`} role="group" aria-label="Service dependency graph">
      <defs>
        <marker id="map-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="12" markerHeight="12" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" class="map-arrow" />
        </marker>
        <marker id="map-arrow-error" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="12" markerHeight="12" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" class="map-arrow error" />
        </marker>
      </defs>
      ${a.map(u=>{let f=u.edge,h=f.error_count/Math.max(1,f.call_count),m=sg(u.source,u.target),y=s&&u.source.id!==s&&u.target.id!==s,v=h>=.05,w=i||s&&!y;return c`<g class=${`map-edge${v?" error":""}${y?" dim":""}`} data-edge=${`${f.caller}>${f.callee}`}>
          <path d=${m.d} stroke-width=${u.width} marker-end=${v?"url(#map-arrow-error)":"url(#map-arrow)"} />
          ${w&&c`<text x=${m.mx} y=${m.my} text-anchor="middle" dominant-baseline="middle" class="map-edge-label">
            ${gn(f.call_count/t)} · ${Ge(h)} · p95 ${pe(f.p95_ms)}</text>`}
        </g>`})}
      ${r.map(u=>{let f=u.stats,h=f.error_count?or(f.error_rate||0):"ok";return c`<a href=${F(`/ui/services/${encodeURIComponent(u.id)}`)} class=${`map-node tone-${h}${p(u.id)?"":" dim"}${u.id===n?" focused":""}`}
            data-node=${u.id}
            onMouseEnter=${()=>l(u.id)} onMouseLeave=${()=>l(n||"")}
            onFocus=${()=>l(u.id)} onBlur=${()=>l(n||"")}>
          <circle cx=${u.x} cy=${u.y} r=${u.r} />
          <text x=${u.x} y=${u.y+u.r+15} text-anchor="middle" class="map-node-name">${u.id}</text>
          <text x=${u.x} y=${u.y+u.r+29} text-anchor="middle" class="map-node-stats">
            ${gn(f.rate_per_sec)} · ${Ge(f.error_rate)} · p95 ${pe(f.p95_ms)}</text>
        </a>`})}
    </svg>
    <div class="map-legend" aria-hidden="true">
      <span><span class="legend-dot tone-ok"></span>errors under 1%</span>
      <span><span class="legend-dot tone-warn"></span>1–5%</span>
      <span><span class="legend-dot tone-error"></span>5% or more</span>
      <span class="muted">edge labels: calls/s · error rate · p95</span>
    </div>
  </div>`}function sg(e,t){let n=t.x-e.x,r=t.y-e.y,a=Math.max(1,Math.hypot(n,r)),o=(e.x+t.x)/2-r/a*a*.12,i=(e.y+t.y)/2+n/a*a*.12,s=(v,w)=>{let $=o-v.x,_=i-v.y,T=Math.max(1,Math.hypot($,_));return[v.x+$/T*w,v.y+_/T*w]},[l,p]=s(e,e.r),[u,f]=s(t,t.r+3),h=-(r/a),m=n/a,y=14;return{d:`M ${l} ${p} Q ${o} ${i} ${u} ${f}`,mx:.25*l+.5*o+.25*u+h*y,my:.25*p+.5*i+.25*f+m*y}}function ig({edges:e,seconds:t}){let n=o=>c`<a href=${F(`/ui/services/${encodeURIComponent(o)}`)}>${o}</a>`,r=[{key:"caller",label:"Caller",render:o=>n(o.caller)},{key:"callee",label:"Callee",render:o=>n(o.callee)},{key:"rate",label:"Calls",align:"right",render:o=>gn(o.call_count/t)},{key:"errors",label:"Errors",align:"right",render:o=>o.error_count?c`<${ie} tone=${or(o.error_count/o.call_count)}>${Ge(o.error_count/o.call_count)}<//>`:c`<span class="muted">0%</span>`},{key:"p50",label:"p50",align:"right",render:o=>pe(o.p50_ms)},{key:"p95",label:"p95",align:"right",render:o=>pe(o.p95_ms)},{key:"p99",label:"p99",align:"right",render:o=>pe(o.p99_ms)}],a=[...e].sort((o,i)=>i.call_count-o.call_count);return c`<${ue} title="Calls between services" className="section" flush=${!0}>
    <${ht} caption="Calls between services" columns=${r} rows=${a} dense=${!0}
      rowKey=${o=>`${o.caller}>${o.callee}`} />
  <//>`}var hp=100,lg=[["newest","Newest first"],["oldest","Oldest first"],["longest","Longest first"],["shortest","Shortest first"]],gp=["service","operation","min_duration","max_duration","status","attr","sort"];function cg(e,t){let n={...t.params,limit:hp};for(let r of["service","operation","min_duration","max_duration","status","sort"])e[r]&&(n[r]=e[r]);for(let r of ct(e.attr)){let a=r.indexOf("=");a>0&&(n[`attr.${r.slice(0,a).trim()}`]=r.slice(a+1).trim())}return n}function $p(){let[e,t]=ut(),n=qe(),r=cg(e,n),a=JSON.stringify(r),o=It(y=>Z.get("/api/v1/traces",r,{signal:y}),[a]),[i,s]=z({key:a,pages:[],cursor:void 0,loading:!1,error:null}),l=i.key===a?i:{key:a,pages:[],cursor:void 0,loading:!1,error:null},p=Ue(()=>o.data?[o.data.traces,...l.pages].flat():[],[o.data,l.pages]),u=l.cursor!==void 0?l.cursor:o.data&&o.data.next_cursor,f=async()=>{s({...l,loading:!0,error:null});try{let y=await Z.get("/api/v1/traces",{...r,cursor:u});s(v=>v.key===a?{key:a,pages:[...v.pages,y.traces],cursor:y.next_cursor,loading:!1,error:null}:v)}catch(y){s(v=>v.key===a?{...v,loading:!1,error:y}:v)}},h=gp.some(y=>e[y]&&y!=="sort"),m=Me(o,y=>y.traces.length===0);return c`<${fe} name="traces" state=${m} title="Traces"
      subtitle="Find traces by service, operation, duration, status and attributes">
    <${ug} query=${e} range=${n} onApply=${y=>t(y)} />
    ${o.error&&c`<${J} error=${o.error} retry=${o.reload} />`}
    ${m==="loading"&&c`<${ee} label="Searching traces" />`}
    ${m==="empty"&&(h?c`<${ke} title="No traces match these filters">
          <p>Loosen a filter or widen the time range. Durations are in milliseconds; attributes are
            written <code>key=value</code> (e.g. <code>http.route=/cart</code>).</p>
          <p><a href="/ui/traces">Clear all filters</a></p><//>`:c`<${ke} title="No traces in this range" sdk=${!0} />`)}
    ${p.length>0&&c`
      <div class="panel section">
        <div class="panel-body">
          <${pg} traces=${p} />
        </div>
      </div>
      <div class="panel section">
        <div class="panel-head">
          <h2>${se(p.length)}${u?"+":""} traces</h2>
          <div class="panel-actions">
            <label for="trace-sort">Sort</label>
            <select id="trace-sort" name="sort" value=${e.sort||"newest"}
              onChange=${y=>t({sort:y.currentTarget.value})}>
              ${lg.map(([y,v])=>c`<option value=${y}>${v}</option>`)}
            </select>
          </div>
        </div>
        <${$o} traces=${p} caption="Trace search results" />
        <div class="load-more">
          ${l.error&&c`<${J} error=${l.error} retry=${f} />`}
          ${u?c`<button type="button" class="btn" data-action="load-more" disabled=${l.loading} onClick=${f}>
                ${l.loading?"Loading…":`Load ${hp} more`}</button>`:c`<span class="muted">All ${se(p.length)} matching traces shown.</span>`}
        </div>
      </div>`}
  <//>`}function ug({query:e,onApply:t}){let n=qe(),r=ae("/api/v1/services",n.params),a=()=>({service:e.service||"",operation:e.operation||"",min_duration:e.min_duration||"",max_duration:e.max_duration||"",status:e.status||"",attr:ct(e.attr).join(`
`)}),[o,i]=z(a),s=gp.map(h=>ct(e[h]).join(",")).join("|");re(()=>i(a()),[s]);let l=h=>m=>i({...o,[h]:m.currentTarget.value}),p=h=>{h.preventDefault(),t({...o,attr:o.attr.split(/\n|,(?=[^=,]+=)/).map(m=>m.trim()).filter(Boolean)})},u=It(o.service&&(h=>go(o.service,n,h)),[o.service,n.start]),f=r.data?r.data.services.map(h=>h.name).sort():[];return o.service&&!f.includes(o.service)&&f.unshift(o.service),c`<form class="panel filters" onSubmit=${p} aria-label="Trace filters">
    <div class="filters-row">
      <div class="field">
        <label for="f-service">Service</label>
        <select id="f-service" name="service" value=${o.service} onChange=${h=>i({...o,service:h.currentTarget.value})}>
          <option value="">All services</option>
          ${f.map(h=>c`<option value=${h}>${h}</option>`)}
        </select>
      </div>
      <div class="field grow">
        <label for="f-operation">Operation</label>
        <input id="f-operation" name="operation" type="search" data-search placeholder="e.g. GET /cart   ( / )"
          list="f-operation-names" autocomplete="off" value=${o.operation} onInput=${l("operation")} />
        <datalist id="f-operation-names">
          ${u.data&&u.data.operations.map(h=>c`<option value=${h.name}></option>`)}
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
        <select id="f-status" name="status" value=${o.status} onChange=${h=>i({...o,status:h.currentTarget.value})}>
          <option value="">Any</option><option value="error">Error</option><option value="ok">OK</option><option value="unset">Unset</option>
        </select>
      </div>
      <div class="field grow">
        <label for="f-attr">Attributes (key=value, one per line)</label>
        <textarea id="f-attr" name="attr" rows="1" placeholder="http.route=/cart" value=${o.attr} onInput=${l("attr")}
          onKeyDown=${h=>{h.key==="Enter"&&!h.shiftKey&&(h.preventDefault(),p(h))}}></textarea>
      </div>
      <div class="filters-actions">
        <button type="submit" class="btn btn-primary">Search</button>
        <a class="btn btn-ghost" href="/ui/traces">Clear</a>
      </div>
    </div>
  </form>`}function pg({traces:e}){let t=Ue(()=>[...e].sort((o,i)=>o.start_time_unix_nano-i.start_time_unix_nano),[e]),n=t.map(o=>K(o.start_time_unix_nano)),r=t.map(o=>o.has_error?null:K(o.duration_ns)),a=t.map(o=>o.has_error?K(o.duration_ns):null);return c`<${dt} title="Duration of the traces found (click a point to open it)" kind="points" height=${180} x=${n}
    series=${[{label:"ok",values:r,color:"--chart-1"},{label:"error",values:a,color:"--error"}]}
    yFormat=${pe} onClickPoint=${o=>et(`/ui/traces/${t[o].trace_id}`)} />`}function vp({traceId:e}){let t=It(async $=>{let _=await Z.get(`/api/v1/traces/${encodeURIComponent(e)}`,null,{signal:$}),T=Z.get("/api/v1/logs",{trace_id:e,limit:500,start:Math.floor(K(_.start_time_unix_nano))-6e4,end:Math.ceil(K(_.end_time_unix_nano))+6e4},{signal:$});return T.catch(()=>{}),{trace:_,logs:T}},[e]),n=t.data&&t.data.trace,r=Ue(()=>n&&qu(n),[n]),[a,o]=Nr("span",""),i=It(t.data&&(()=>t.data.logs),[t.data]),s=t.error&&t.error.status===404,l=t.error?s?"empty":"error":!n||i.data===void 0&&!i.error?"loading":"ready",p=r&&r.roots[0],u=Ue(()=>r?vo(r,new Set).map($=>$.span):[],[r]),f=r&&(r.byId.get(a)||dg(r,u)||p),h=r&&[...r.critical].length,[m,y]=z(""),v=Ue(()=>fg(u,m),[u,m]),w=Ue(()=>m.trim()?new Set(v.map($=>$.span_id)):null,[v]);return c`<${fe} name="trace" state=${l}
      title=${p?`${p.service_name}: ${p.name}`:"Trace"}
      subtitle=${c`<span class="crumbs"><a href="/ui/traces">Traces</a> / <span class="mono">${e}</span></span>`}>
    ${s&&c`<${ke} title="This trace is not stored">
      <p>No spans with trace id <code>${e}</code> were found. It may be older than the retention,
        still arriving, or belong to another tenant.</p>
      <p><a href="/ui/traces">Search traces</a></p><//>`}
    ${t.error&&!s&&c`<${J} error=${t.error} retry=${t.reload} />`}
    ${!n&&!t.error&&c`<${ee} label="Loading trace" />`}
    ${r&&c`
      <div class="trace-summary">
        <span><span class="muted">Duration</span> <strong>${yt(n.duration_ns)}</strong></span>
        <span><span class="muted">Spans</span> <strong>${se(n.span_count)}</strong></span>
        <span><span class="muted">Errors</span> ${n.error_count?c`<${ie} tone="error">${n.error_count}<//>`:c`<strong>0</strong>`}</span>
        <span><span class="muted">Start</span> <span class="mono">${Gt(n.start_time_unix_nano)}</span></span>
        <span><span class="muted">Critical path</span> <strong>${h} spans</strong></span>
        <span class="trace-services" aria-label="Services">
          ${r.services.map($=>c`<a class="svc-legend" href=${`/ui/services/${encodeURIComponent($)}`}>
            <span class=${`svc-chip ${ba(r,$)}`} aria-hidden="true"></span>${$}</a>`)}
        </span>
      </div>
      <div class="trace-layout">
        <div class="trace-main">
          <${Qu} model=${r} selected=${f&&f.span_id} matches=${w}
            onSelect=${$=>o($,{replace:!0})}
            toolbar=${c`<${mg} text=${m} onText=${y} hits=${v}
              selected=${f&&f.span_id} onSelect=${$=>o($,{replace:!0})} />`} />
        </div>
        <${Ju} model=${r} span=${f} logs=${i.data&&i.data.logs}
          onSelect=${$=>o($,{replace:!0})} />
      </div>
      <${hg} result=${i} retry=${t.reload} model=${r} onSelect=${$=>o($,{replace:!0})} />`}
  <//>`}function dg(e,t){let n=null,r=-1;for(let a of t){if(a.status_code!=="error")continue;let o=bo(e,a.span_id).length;o>r&&(n=a,r=o)}return n}function fg(e,t){let n=t.trim().toLowerCase();return n?e.filter(r=>`${r.name}\0${r.service_name}\0${r.span_id}\0${Object.entries(r.attributes||{}).map(([a,o])=>`${a}=${typeof o=="object"?JSON.stringify(o):o}`).join("\0")}`.toLowerCase().includes(n)):[]}function mg({text:e,onText:t,hits:n,selected:r,onSelect:a}){let o=n.findIndex(s=>s.span_id===r),i=s=>{if(!n.length)return;let l=n[(o+s+n.length)%n.length];a(l.span_id)};return c`<div class="trace-find" role="search">
    <label for="trace-find" class="sr-only">Find spans in this trace</label>
    <input id="trace-find" type="search" placeholder="Find spans: name, service, attribute…  ( / )" value=${e}
      onInput=${s=>t(s.currentTarget.value)}
      onKeyDown=${s=>{s.key==="Enter"&&(s.preventDefault(),i(s.shiftKey?-1:1))}} />
    ${e.trim()&&c`<span class="muted" aria-live="polite">${n.length?`${o>=0?o+1:0} of ${n.length}`:"no span matches"}</span>
      <button type="button" class="btn btn-icon" aria-label="Previous match" disabled=${!n.length} onClick=${()=>i(-1)}>↑</button>
      <button type="button" class="btn btn-icon" aria-label="Next match" disabled=${!n.length} onClick=${()=>i(1)}>↓</button>`}
  </div>`}function hg({result:e,retry:t,model:n,onSelect:r}){let a=e.data?e.data.logs:[];return c`<${ue} title=${`Logs of this trace (${e.data?a.length:"…"})`} className="section">
    ${e.error&&c`<${J} error=${e.error} retry=${t} />`}
    ${!e.data&&!e.error&&c`<${ee} label="Loading logs" />`}
    ${e.data&&a.length===0&&c`<p class="muted">No log records carry this trace id. Logs
      emitted inside a span by an OpenTelemetry logging bridge are linked automatically.</p>`}
    ${a.length>0&&c`<table class="table dense trace-logs">
      <caption class="sr-only">Log records of this trace</caption>
      <thead><tr><th scope="col">Time</th><th scope="col">Severity</th><th scope="col">Service</th><th scope="col">Body</th><th scope="col">Span</th></tr></thead>
      <tbody>${[...a].reverse().map(o=>c`<tr>
        <td class="mono nowrap">${Gt(o.time_unix_nano).slice(11)}</td>
        <td><${ie} tone=${On(o.severity_number)}>${o.severity_text||o.severity_number}<//></td>
        <td class="nowrap">${o.service_name}</td>
        <td class="log-body">${o.body}</td>
        <td>${o.span_id&&n.byId.has(o.span_id)?c`<button type="button" class="btn-link" onClick=${()=>r(o.span_id)}>${n.byId.get(o.span_id).name}</button>`:c`<span class="muted mono">${o.span_id||"–"}</span>`}</td>
      </tr>`)}</tbody>
    </table>`}
  <//>`}var Ao=[{name:"trace",number:1},{name:"debug",number:5},{name:"info",number:9},{name:"warn",number:13},{name:"error",number:17},{name:"fatal",number:21}];function Sa(e){return e?[...Ao].reverse().find(t=>e>=t.number).name:"unspecified"}var gg=e=>typeof e=="string"?e:JSON.stringify(e),bp=1e3;function _p(e,t){if(!t)return e;let n=e.toLowerCase(),r=t.toLowerCase(),a=[],o=0;for(let i=n.indexOf(r);i>=0;i=n.indexOf(r,i+r.length))i>o&&a.push(e.slice(o,i)),a.push(c`<mark>${e.slice(i,i+r.length)}</mark>`),o=i+r.length;return o<e.length&&a.push(e.slice(o)),a}function jr({logs:e,q:t,onFilter:n,label:r="Log records"}){return c`<ul class="log-list" aria-label=${r}>
    ${e.map(a=>c`<${xi} key=${a.key} log=${a.log} q=${t} onFilter=${n} />`)}
  </ul>`}var xi=class extends Nn{constructor(){super(),this.state={open:!1},this.toggle=()=>this.setState({open:!this.state.open})}shouldComponentUpdate(t,n){return t.log!==this.props.log||t.q!==this.props.q||n.open!==this.state.open}render({log:t,q:n,onFilter:r},{open:a}){let o=Sa(t.severity_number),i=gg(t.body);return c`<li class="log-row" data-log-row data-severity=${o}>
      <button type="button" class="log-line" aria-expanded=${a?"true":"false"} onClick=${this.toggle}>
        <span class="log-chevron" aria-hidden="true">${a?"▾":"▸"}</span>
        <time class="log-time mono">${Gt(t.time_unix_nano).slice(5)}</time>
        <${ie} tone=${On(t.severity_number)}>${t.severity_text||o.toUpperCase()}<//>
        <span class="log-service">${t.service_name}</span>
        <span class="log-body mono">${_p(i.length>bp?`${i.slice(0,bp)}…`:i,n)}</span>
      </button>
      ${a&&c`<${$g} log=${t} text=${i} q=${n} onFilter=${r} />`}
    </li>`}};function $g({log:e,text:t,q:n,onFilter:r}){let a={trace_id:e.trace_id,span_id:e.span_id,scope:e.scope_name,event:e.event_name,observed:e.observed_time_unix_nano?Gt(e.observed_time_unix_nano):""};return c`<div class="log-detail">
    <pre class="log-full mono">${_p(t,n)}</pre>
    ${e.trace_id&&c`<p class="log-links">
      <a href=${F(`/ui/traces/${e.trace_id}`,e.span_id?{span:e.span_id}:{})}>View trace ${e.trace_id.slice(0,8)}…</a>
      <span aria-hidden="true"> · </span>
      <a href=${F("/ui/logs",{trace_id:e.trace_id})}>All logs of this trace</a>
    </p>`}
    <div class="log-attrs">
      <${_i} title="Attributes" data=${e.attributes} onFilter=${r} />
      <${_i} title="Resource" data=${e.resource_attributes} onFilter=${r} />
      <${_i} title="Record" data=${a} />
    </div>
  </div>`}function _i({title:e,data:t,onFilter:n}){let r=Object.entries(t||{}).filter(([,a])=>a!==""&&a!=null).sort(([a],[o])=>a.localeCompare(o));return c`<section class="log-attr-group">
    <h3>${e}</h3>
    ${r.length===0?c`<p class="muted">none</p>`:c`<dl class="kv">
      ${r.map(([a,o])=>{let i=typeof o=="object"?JSON.stringify(o):String(o);return c`<div class="kv-row"><dt>${a}</dt><dd>${i}
          ${n&&typeof o!="object"&&c` <button type="button" class="btn-link attr-filter"
            aria-label=${`Filter by ${a} = ${i}`} title="Filter by this value"
            onClick=${()=>n(a,i)}>filter</button>`}
        </dd></div>`})}
    </dl>`}
  </section>`}var xp=[{key:"unspecified",label:"unspecified",color:"--text-muted"},{key:"trace",label:"trace",color:"--chart-6"},{key:"debug",label:"debug",color:"--chart-5"},{key:"info",label:"info",color:"--chart-1"},{key:"warn",label:"warn",color:"--warn"},{key:"error",label:"error",color:"--error"},{key:"fatal",label:"fatal",color:"--critical"}];function Kr({buckets:e,onSelectRange:t,height:n=140}){let r=xp.filter(l=>e.some(p=>p.by_severity[l.key])),a=r.length?r:[xp[3]],o=e.map(l=>K(l.start_unix_nano)),i=a.map(l=>({label:l.label,color:l.color,values:e.map(p=>p.by_severity[l.key]||0)})),s=e.reduce((l,p)=>l+p.count,0);return c`<div class="log-histogram">
    <${dt} title=${`${se(s)} records · drag to zoom`} x=${o} series=${i}
      kind="bars" stacked=${!0} height=${n} yFormat=${vg} onSelectRange=${t} />
  </div>`}var vg=e=>e==null?"":e>=1e3?`${+(e/1e3).toFixed(1)}k`:String(Math.round(e));var Co=1e3,bg=100;function yp(e,t){let[,n]=z(0),[r,a]=z("connecting"),[o,i]=z(null),[s,l]=z(null),[p,u]=z(0),[f,h]=z(0),m=Ve({rows:[],waiting:[],seq:0,received:0,scheduled:!1,timer:0,raf:0,last:0});m.current.paused=t;let y=JSON.stringify(e),v=()=>{let $=m.current;$.scheduled=!1,!($.paused||!$.waiting.length)&&($.last=performance.now(),$.rows=$.waiting.reverse().concat($.rows).slice(0,Co),$.waiting=[],n(_=>_+1))},w=()=>{let $=m.current;if($.scheduled)return;$.scheduled=!0;let _=Math.max(0,bg-(performance.now()-$.last));$.timer=setTimeout(()=>{$.raf=requestAnimationFrame(v)},_)};return re(()=>{let $=new AbortController;return a("connecting"),i(null),l(null),nc("/api/v1/logs/tail",e,{signal:$.signal,onOpen:()=>a("open"),onEvent:(_,T)=>{let S=m.current;_==="log"?(S.received+=1,S.waiting.push({key:S.seq+=1,log:T}),S.waiting.length>Co&&S.waiting.splice(0,S.waiting.length-Co),a("open"),w()):_==="dropped"&&l(T&&T.message||"The server stopped the live tail.")},onError:_=>{i(_),a("error")}}).then(()=>{$.signal.aborted||a(_=>_==="error"?_:"closed")}),()=>$.abort()},[y,f]),re(()=>{let $=m.current.received,_=setInterval(()=>{u(m.current.received-$),$=m.current.received},1e3);return()=>clearInterval(_)},[]),re(()=>{t||w()},[t]),re(()=>()=>{clearTimeout(m.current.timer),cancelAnimationFrame(m.current.raf)},[]),{rows:m.current.rows,waiting:m.current.waiting.length,status:r,error:o,dropped:s,rate:p,reconnect:()=>h($=>$+1),clear:()=>{m.current.rows=[],m.current.waiting=[],n($=>$+1)}}}function wp({tail:e,paused:t,setPaused:n,q:r}){let{rows:a,waiting:o,status:i,error:s,dropped:l,rate:p}=e,u=i==="closed"||i==="error";return c`<section class="live-tail" aria-label="Live tail">
    <div class="live-bar">
      <span class=${`live-dot live-${t?"paused":i}`} aria-hidden="true"></span>
      <span role="status" class="live-status">${_g(i,t,p)}</span>
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
    ${s&&c`<div class="error-message" role="alert"><strong>Live tail failed${s.status?` (${s.status})`:""}</strong>
      <p>${s.message}</p></div>`}
    ${a.length===0&&!u&&c`<p class="muted live-waiting">
      Waiting for new log records that match the filters. Records appear here, newest on top, as Ophion stores them.</p>`}
    <${jr} logs=${a} q=${r} label="Live log records" />
  </section>`}function _g(e,t,n){return t?"Paused":e==="connecting"?"Connecting…":e==="open"?`Live · ${se(n)} records/s`:e==="error"?"Disconnected":"Stopped"}var Eo={new:{tone:"warn",mark:"✦",text:"new"},rising:{tone:"error",mark:"↑",text:"rising"},falling:{tone:"ok",mark:"↓",text:"falling"},gone:{tone:"muted",mark:"∅",text:"gone"},steady:{tone:"muted",mark:"→",text:"steady"}};function No(e){return e.split("<*>").map(t=>t.trim()).sort((t,n)=>n.length-t.length)[0]||""}function wi({text:e}){let t=e.split("<*>");return c`<code class="pattern-template">${t.map((n,r)=>c`${n}${r<t.length-1&&c`<span class="pattern-var" title="varies">${"<*>"}</span>`}`)}</code>`}function kp({data:e,change:t,setChange:n}){let r={};for(let a of e.patterns)r[a.change]=(r[a.change]||0)+1;return c`<div class="pattern-summary">
    <p class="muted">${se(e.lines)} lines in the range follow ${se(e.patterns.length)} patterns;
      compared with the ${se(e.baseline_lines)} lines of the window before it
      (${Pe(K(e.baseline_start_unix_nano))} → ${Pe(K(e.baseline_end_unix_nano))}).
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
  </table></div>`}var yi=class extends Nn{constructor(){super(),this.state={open:!1}}render({pattern:t},{open:n}){let r=Eo[t.change]||Eo.steady,a=F("/ui/logs",{service:t.service,q:No(t.template)||void 0});return c`<tbody class="pattern-group">
      <tr data-pattern-row data-pattern-id=${t.id} data-change=${t.change}>
        <td><${ie} tone=${r.tone}><span aria-hidden="true">${r.mark} </span>${r.text}<//></td>
        <td class="pattern-cell">
          <button type="button" class="btn-link pattern-toggle" aria-expanded=${n?"true":"false"}
            onClick=${()=>this.setState({open:!n})}>
            <span aria-hidden="true">${n?"▾":"▸"} </span><${wi} text=${t.template} />
          </button>
        </td>
        <td>${t.service}</td>
        <td class="num">${se(t.count)}</td>
        <td class="num muted">${se(t.baseline_count)}</td>
        <td><${ie} tone=${On(t.max_severity)}>${Sa(t.max_severity)}<//></td>
        <td class="nowrap">${t.first_seen_unix_nano?Pe(K(t.first_seen_unix_nano)):"–"}</td>
        <td class="nowrap">${t.last_seen_unix_nano?Pe(K(t.last_seen_unix_nano)):"–"}</td>
      </tr>
      ${n&&c`<tr class="pattern-examples"><td></td><td colspan="7">
        <p class="muted small">Examples · <a href=${a}>show matching logs</a></p>
        <ul class="pattern-example-list">${(t.examples||[]).map(o=>c`<li class="mono">${o}</li>`)}</ul>
      </td></tr>`}
    </tbody>`}};function zn(e,t,n,{enabled:r=!0}={}){let a=ae(e,t,{enabled:r}),o=e+JSON.stringify(t),[i,s]=z(null),l=i&&i.key===o?i:{key:o,items:[],cursor:void 0,loading:!1,error:null},p=a.data?[...a.data[n]||[],...l.items]:void 0,u=l.cursor!==void 0?l.cursor:a.data&&a.data.next_cursor;return{...a,items:p,hasMore:!!u,loadMore:async()=>{if(!(!u||l.loading)){s({...l,loading:!0,error:null});try{let h=await Z.get(e,{...t,cursor:u});s(m=>m&&m.key!==o?m:{key:o,items:[...l.items,...h[n]||[]],cursor:h.next_cursor||null,loading:!1,error:null})}catch(h){s(m=>m&&m.key!==o?m:{...l,loading:!1,error:h})}}},loadingMore:l.loading,moreError:l.error}}var Tp=100;function Mp(){let[e]=ut();return e.tab==="patterns"?c`<${wg} />`:e.live==="1"?c`<${yg} />`:c`<${xg} />`}function Po(){let[e,t]=ut(),n={q:e.q,service:e.service,min_severity:e.min_severity,trace_id:e.trace_id};for(let a of ct(e.attr)){let o=a.indexOf("=");o>0&&(n[`attr.${a.slice(0,o)}`]=a.slice(o+1))}return{query:e,setQuery:t,filters:n,addAttr:(a,o)=>{let i=ct(e.attr).filter(s=>!s.startsWith(`${a}=`));t({attr:[...i,`${a}=${o}`],live:null})}}}function xg(){let{query:e,setQuery:t,filters:n,addAttr:r}=Po(),a=qe(),o=zn("/api/v1/logs",{...n,...a.params,limit:Tp},"logs"),i=ae("/api/v1/logs/histogram",{...n,...a.params,step:a.step}),s=Me(o,u=>u.logs.length===0),l=(u,f)=>a.setRange({from:String(u),to:String(f)}),p=!!(e.q||e.service||e.min_severity||e.trace_id||e.attr);return c`<${ki} state=${s} active="records">
    <div class="panel log-histogram-panel">
      ${i.error?c`<${J} error=${i.error} title="The histogram failed" retry=${i.reload} />`:i.data?c`<${Kr} buckets=${i.data.buckets} onSelectRange=${l} />`:c`<${ee} label="Counting records" />`}
    </div>
    ${s==="loading"&&c`<${ee} label="Searching logs" />`}
    ${s==="error"&&c`<${J} error=${o.error} retry=${o.reload} />`}
    ${s==="empty"&&(p?c`<${ke} title="No log records match">
          <p>Nothing in this time range matches the filters. Widen the time range in the header,
            or <a href=${F("/ui/logs")}>clear the filters</a>.</p><//>`:c`<${ke} title="No log records in this time range" sdk=${!0} />`)}
    ${s==="ready"&&c`
      <p class="muted small log-count" role="status">${o.items.length}${o.hasMore?"+":""} records, newest first${e.q&&c` · matches of “${e.q}” marked`}</p>
      <${jr} logs=${o.items.map((u,f)=>({key:`${f}:${u.time_unix_nano}`,log:u}))} q=${e.q} onFilter=${r} />
      <div class="load-more">
        ${o.moreError&&c`<${J} error=${o.moreError} title="Loading more failed" />`}
        ${o.hasMore?c`<button type="button" class="btn" data-action="load-more" disabled=${o.loadingMore}
            onClick=${o.loadMore}>${o.loadingMore?"Loading…":`Load ${Tp} more`}</button>`:c`<p class="muted small">End of the results for this range.</p>`}
      </div>`}
  <//>`}function yg(){let{query:e}=Po(),[t,n]=z(!1),r=yp({service:e.service,q:e.q,min_severity:e.min_severity},t),a=r.status==="connecting"?"loading":r.status==="error"&&!r.rows.length?"error":"ready";return c`<${ki} state=${a} active="records" live=${!0}>
    <${wp} tail=${r} paused=${t} setPaused=${n} q=${e.q} />
  <//>`}function wg(){let{query:e,setQuery:t}=Po(),n=qe(),r=ae("/api/v1/logs/patterns",{service:e.service,min_severity:e.min_severity,...n.params,limit:200}),a=Me(r,i=>i.patterns.length===0),o=r.data?r.data.patterns.filter(i=>!e.change||i.change===e.change):[];return c`<${ki} state=${a} active="patterns">
    ${a==="loading"&&c`<${ee} label="Mining log patterns" />`}
    ${a==="error"&&c`<${J} error=${r.error} retry=${r.reload} />`}
    ${a==="empty"&&c`<${ke} title="No log lines to find patterns in">
      <p>Patterns are mined from the log lines of the time range (and the window before it, to
        tell what is new). Widen the time range, or clear the service and severity filters.</p><//>`}
    ${a==="ready"&&c`
      <${kp} data=${r.data} change=${e.change} setChange=${i=>t({change:i},{replace:!0})} />
      ${o.length?c`<${Sp} patterns=${o} />`:c`<p class="muted">No pattern with that trend in this range.</p>`}`}
  <//>`}function ki({state:e,active:t,live:n=!1,children:r}){let{query:a,setQuery:o}=Po(),i=c`<button type="button" class=${n?"btn btn-primary":"btn"} data-action="live"
      aria-pressed=${n?"true":"false"} onClick=${()=>o({live:n?null:"1",tab:null})}>
    <span class=${n?"live-dot live-open":"live-dot"} aria-hidden="true"></span>${n?"Stop live tail":"Live tail"}
  </button>`,s={...a,tab:void 0,live:void 0,change:void 0};return c`<${fe} name="logs" state=${e} title="Logs" actions=${i}
      subtitle=${n?"Following new records as they arrive":"Search log records in the time range"}>
    <${kg} query=${a} setQuery=${o} live=${n} />
    <${Vr} label="Log views" active=${t} tabs=${[{id:"records",label:n?"Live records":"Records",href:Ot("/ui/logs",s)},{id:"patterns",label:"Patterns",href:Ot("/ui/logs",{...s,tab:"patterns"})}]} />
    ${r}
  <//>`}function kg({query:e,setQuery:t,live:n}){let r=qe(),[a,o]=z(e.q||"");re(()=>o(e.q||""),[e.q]);let i=ae("/api/v1/services",r.params),s=(i.data?i.data.services.map(u=>u.name):[]).sort();e.service&&!s.includes(e.service)&&s.unshift(e.service);let l=u=>{u.preventDefault(),t({q:a.trim()||null})},p=[...e.trace_id?[{label:`trace ${e.trace_id.slice(0,12)}…`,clear:{trace_id:null}}]:[],...ct(e.attr).map(u=>({label:u,clear:{attr:ct(e.attr).filter(f=>f!==u)}}))];return c`<form class="toolbar log-filters" role="search" aria-label="Log filters" onSubmit=${l}>
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
        ${s.map(u=>c`<option value=${u}>${u}</option>`)}
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
  </form>`}function yn(e,t=n=>n.value){let n=new Set;for(let i of e)for(let s of i.points)n.add(Math.round(Number(s.time_unix_nano)/1e6));let r=[...n].sort((i,s)=>i-s),a=new Map(r.map((i,s)=>[i,s])),o=e.map(({points:i,...s})=>{let l=new Array(r.length).fill(null);for(let p of i)l[a.get(Math.round(Number(p.time_unix_nano)/1e6))]=t(p)??null;return{...s,values:l}});return{x:r,series:o}}var Ap=["B","KiB","MiB","GiB","TiB"];function Sg(e){let t=Math.abs(e),n=0;for(;t>=1024&&n<Ap.length-1;)t/=1024,n+=1;return`${e<0?"-":""}${+t.toPrecision(3)} ${Ap[n]}`}function be(e){if(e==null||!Number.isFinite(e))return"–";let t=Math.abs(e);return t>=1e9?`${+(e/1e9).toFixed(2)}G`:t>=1e6?`${+(e/1e6).toFixed(2)}M`:t>=1e4?`${+(e/1e3).toFixed(1)}k`:t>=100||t===0?String(Math.round(e*10)/10):String(+e.toPrecision(3))}function Un(e,t){if(t==="rate")return n=>n==null?"":`${be(n)}/s`;if(t==="count")return be;switch(e){case"By":return n=>n==null?"":Sg(n);case"ms":return n=>n==null?"":pe(n);case"s":return n=>n==null?"":pe(n*1e3);case"us":return n=>n==null?"":pe(n/1e3);case"ns":return n=>n==null?"":pe(n/1e6);case"1":return n=>n==null?"":Ge(n);case"%":return n=>n==null?"":`${be(n)}%`;default:return n=>n==null?"":be(n)}}async function Ro(e,t,n){let{points:r}=await Z.get("/api/v1/metrics",{name:e,start:t.start,end:t.end,limit:1},{signal:n}),a=r[0];return a?a.kind.includes("histogram")||a.kind==="summary"?"p95":a.kind==="sum"&&a.is_monotonic?"rate":"avg":"avg"}var Tg=["auto","avg","sum","min","max","count","rate","p50","p90","p95","p99"],Mg=["auto","10s","30s","1m","5m","15m","1h","6h","1d"];function Cp(){let[e,t]=ut(),n=qe(),r=ae("/api/v1/metrics/names",n.params),a=ct(e.name),[o,i]=z(""),s=r.data?r.data.metrics:[],l=a.length?r.error?"error":"ready":Me(r,f=>f.metrics.length===0),p=f=>t({name:[...new Set(f)]}),u=s.filter(f=>!o||f.name.toLowerCase().includes(o.toLowerCase()));return c`<${fe} name="metrics" state=${l} title="Metrics"
      subtitle="Chart any metric Ophion stores, several on one chart">
    <div class="toolbar metric-picker">
      <div class="field grow">
        <label for="metric-filter">Find a metric</label>
        <input id="metric-filter" type="search" data-search placeholder="Filter by name  ( / )"
          value=${o} onInput=${f=>i(f.currentTarget.value)} />
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
    ${l==="empty"&&c`<${Ag} />`}
    ${a.length>0&&c`<${Eg} names=${a} metrics=${s} query=${e}
      setQuery=${t} setNames=${p} range=${n} />`}
    ${!a.length&&l==="ready"&&c`<${Cg} metrics=${u} total=${s.length}
      onChart=${f=>p([f])} />`}
  <//>`}function Ag(){let e=location.origin;return c`<${ke} title="No metrics in this time range" sdk=${!0}>
    <p>Metrics arrive over OTLP like traces and logs, or as JSON:</p>
    <pre class="code"><code>curl -X POST ${e}/api/v1/metrics/ingest -H 'content-type: application/json' \\
  -d '{"name": "queue.depth", "value": 42, "service": "checkout", "labels": {"queue": "orders"}}'</code></pre>
  <//>`}function Cg({metrics:e,total:t,onChart:n}){return c`<${ue} flush=${!0} title=${`${se(t)} metrics in this time range`}>
    ${e.length===0?c`<p class="muted">No metric name matches the filter.</p>`:c`<div class="table-wrap">
    <table class="table metric-catalogue">
      <caption class="sr-only">Metrics</caption>
      <thead><tr><th scope="col">Metric</th><th scope="col">Kind</th><th scope="col">Unit</th>
        <th scope="col">Description</th><th scope="col" class="num">Points</th><th scope="col">Last seen</th></tr></thead>
      <tbody>${e.map(r=>c`<tr data-metric=${r.name}>
        <td><button type="button" class="btn-link mono" onClick=${()=>n(r.name)}
          aria-label=${`Chart ${r.name}`}>${r.name}</button></td>
        <td><${ie} tone="muted">${r.kind}<//></td>
        <td class="mono">${r.unit||"–"}</td>
        <td class="muted">${r.description}</td>
        <td class="num">${se(r.point_count)}</td>
        <td class="nowrap">${Ft(K(r.last_seen_unix_nano))}</td>
      </tr>`)}</tbody>
    </table></div>`}
  <//>`}function Eg({names:e,metrics:t,query:n,setQuery:r,setNames:a,range:o}){let i=n.agg||"auto",s=n.step&&n.step!=="auto"?n.step:o.step,l={service:n.service};for(let $ of ct(n.attr)){let _=$.indexOf("=");_>0&&(l[`attr.${$.slice(0,_)}`]=$.slice(_+1))}let p=Object.fromEntries(t.map($=>[$.name,$])),u=Rg(e,i,{...l,...o.params,step:s}),f=($,_)=>o.setRange({from:String($),to:String(_)}),h=u.series.filter($=>$.points),{x:m,series:y}=yn(h.map($=>({label:`${$.name} · ${$.fn}`,points:$.points}))),v=(p[e[0]]||{}).unit||"",w=Un(v,h[0]&&h[0].fn);return c`<div class="stack">
    <div class="series-chips" aria-label="Charted metrics">
      ${e.map($=>c`<span class="chip">${$}
        <button type="button" class="chip-x" aria-label=${`Remove ${$}`} onClick=${()=>a(e.filter(_=>_!==$))}>×</button>
      </span>`)}
    </div>
    <${Ng} query=${n} setQuery=${r} agg=${i} />
    <${ue} title=${e.length===1?e[0]:`${e.length} metrics`}
        actions=${c`<span class="muted">step ${s}${v&&v!=="1"?` · ${v}`:""}</span>`}>
      ${u.series.map($=>$.error&&c`<${J} error=${$.error} title=${`${$.name} failed`} />`)}
      ${u.loading&&!h.length?c`<${ee} label="Reading series" />`:m.length?c`<${dt} title="Drag across the chart to zoom" x=${m} series=${y} height=${320}
            yFormat=${w} onSelectRange=${f} />`:c`<p class="muted empty-chart">No data points in this time range for these filters. Widen the time range or remove filters.</p>`}
    <//>
    ${h.length>0&&c`<${Pg} series=${y} yFormat=${w} />`}
  </div>`}function Ng({query:e,setQuery:t,agg:n}){let[r,a]=z(""),[o,i]=z("");return c`<form class="toolbar metric-controls" onSubmit=${l=>{if(l.preventDefault(),!/^[^=\s]+=.+$/.test(r.trim())){i("Write key=value, e.g. host=web-1");return}i(""),t({attr:[...ct(e.attr),r.trim()]}),a("")}} aria-label="Series options">
    <div class="field">
      <label for="metric-agg">Aggregation</label>
      <select id="metric-agg" name="agg" value=${n} onChange=${l=>t({agg:l.currentTarget.value==="auto"?null:l.currentTarget.value})}>
        ${Tg.map(l=>c`<option value=${l}>${l==="auto"?"auto (by kind)":l}</option>`)}
      </select>
    </div>
    <div class="field">
      <label for="metric-step">Step</label>
      <select id="metric-step" name="step" value=${e.step||"auto"} onChange=${l=>t({step:l.currentTarget.value==="auto"?null:l.currentTarget.value})}>
        ${Mg.map(l=>c`<option value=${l}>${l}</option>`)}
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
  </form>`}function Pg({series:e,yFormat:t}){let n=e.map(a=>{let o=a.values.filter(i=>i!=null);return{label:a.label,min:Math.min(...o),max:Math.max(...o),avg:o.reduce((i,s)=>i+s,0)/(o.length||1),last:o[o.length-1],n:o.length}}),r=a=>Number.isFinite(a)?t(a):"–";return c`<div class="table-wrap panel"><table class="table dense">
    <caption class="sr-only">Series summary</caption>
    <thead><tr><th scope="col">Series</th><th scope="col" class="num">Min</th><th scope="col" class="num">Avg</th>
      <th scope="col" class="num">Max</th><th scope="col" class="num">Last</th><th scope="col" class="num">Points</th></tr></thead>
    <tbody>${n.map(a=>c`<tr><td class="mono">${a.label}</td><td class="num">${r(a.min)}</td>
      <td class="num">${r(a.avg)}</td><td class="num">${r(a.max)}</td><td class="num">${r(a.last)}</td>
      <td class="num">${se(a.n)}</td></tr>`)}</tbody>
  </table></div>`}function Rg(e,t,n){let r=JSON.stringify([e,t,n]),[a,o]=z({key:null,series:[]});return re(()=>{let i=new AbortController,s=i.signal;return o(l=>({key:r,loading:!0,series:l.series.filter(p=>e.includes(p.name))})),Promise.all(e.map(async l=>{let p=encodeURIComponent(l);try{let u=t==="auto"?await Ro(l,n,s):t,f=await Z.get(`/api/v1/metrics/series/${p}`,{...n,fn:u},{signal:s});return{name:l,fn:u,points:f.points}}catch(u){if(u.name==="AbortError")throw u;return{name:l,fn:t,error:u}}})).then(l=>o({key:r,loading:!1,series:l}),()=>{}),()=>i.abort()},[r]),a}var Si={anomaly:{label:"Anomaly",plural:"Anomalies",icon:"⚡"},log_pattern:{label:"Log pattern",plural:"Log patterns",icon:"≡"},capacity:{label:"Capacity",plural:"Capacity",icon:"◔"},tip:{label:"Tip",plural:"Tips",icon:"✎"}},Lg={critical:"error",warning:"warn",info:"info"};function Lo({severity:e}){return c`<${ie} tone=${Lg[e]||"muted"}>${e}<//>`}function Do({kind:e}){let t=Si[e]||{label:e,icon:"•"};return c`<span class="kind-badge"><span aria-hidden="true">${t.icon} </span>${t.label}</span>`}function Ta({text:e}){return e.split("`").map((t,n)=>n%2?c`<code>${t}</code>`:t)}function Ti(e,t=Date.now()){let n=e-t,r=Math.abs(n),a=r<36e5?`${Math.round(r/6e4)} min`:r<2*864e5?`${+(r/36e5).toFixed(1)} h`:`${+(r/864e5).toFixed(1)} days`;return n>=0?`in ${a}`:`${a} ago`}var Mi=e=>F(`/ui/services/${encodeURIComponent(e)}`);function Ep({causes:e,window:t}){return e.length?c`<ol class="root-causes">${e.map((n,r)=>c`<li class="root-cause" data-rank=${r+1}>
    <div class="cause-head">
      <span class="cause-rank" aria-hidden="true">${r+1}</span>
      <a class="cause-service" href=${Mi(n.service)}>${n.service}</a>
      ${n.operation&&c`<code class="cause-op">${n.operation}</code>`}
      <span class="cause-score" title="Score from 0 to 1">
        <meter min="0" max="1" value=${n.score} aria-label=${`Score ${be(n.score)}`}></meter> ${be(n.score)}
      </span>
    </div>
    <div class="cause-figures">
      ${n.operation&&c`<span>self p95 ${pe(n.baseline_self_p95_ms)} → <strong>${pe(n.window_self_p95_ms)}</strong></span>
      <span>own errors ${Ge(n.baseline_own_error_rate)} → <strong>${Ge(n.window_own_error_rate)}</strong></span>`}
      ${(n.baseline_error_logs_per_span>0||n.window_error_logs_per_span>0)&&c`<span>error log lines per span ${be(n.baseline_error_logs_per_span)} → <strong>${be(n.window_error_logs_per_span)}</strong></span>`}
      ${(n.new_versions||[]).map(a=>c`<${ie} tone="warn">new version ${a}<//>`)}
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
      <a href=${F("/ui/traces",{service:n.service,operation:n.operation||void 0,...t})}>Traces of ${n.operation||n.service} in the window</a>
      <span aria-hidden="true"> · </span>
      <a href=${F("/ui/traces",{service:n.service,status:"error",...t})}>Its error traces</a>
      <span aria-hidden="true"> · </span>
      <a href=${F("/ui/logs",{service:n.service,min_severity:"warn",...t})}>Its warnings and errors</a>
    </p>
  </li>`)}</ol>`:c`<p class="muted">Nothing in the traces and logs of this window changed enough to stand out
      against the window before it: no service's own latency, errors, error logs or CPU rose, and no new version appeared.</p>`}var Dg=3e5,Og=36,Np=[{name:"request rate (spans/s)",value:(e,t)=>e.span_count/t,unit:"rate"},{name:"error rate",value:e=>e.span_count?e.error_count/e.span_count:null,unit:"1"},{name:"p50 latency (ms)",value:e=>e.p50_ms,unit:"ms"},{name:"p95 latency (ms)",value:e=>e.p95_ms,unit:"ms"},{name:"p99 latency (ms)",value:e=>e.p99_ms,unit:"ms"}];function Ig(e){if(!e.service)return{metric:e.subject};let t=e.subject.startsWith(`${e.service} `)?e.subject.slice(e.service.length+1):"",n=Np.find(r=>r.name===t);return n?{service:e.service,red:n}:{operation:!0,red:Np.find(r=>t.endsWith(r.name))}}function Pp({insight:e}){let t=e.evidence,n=t.observed||[],r=Fg(n),a=Ig(e),o=zg(e,a,r),i=a.red?a.red.unit:o.unit,s=Un(i==="rate"?"":i,i==="rate"?"rate":void 0),l=t.peak||{};return c`
    <div class="stats">
      <${me} label="Peak" value=${s(l.value)} tone="error" hint=${l.time_unix_nano?Pe(K(l.time_unix_nano)):""} />
      <${me} label="Expected" value=${s(l.expected)} hint=${`band ${s(l.lower)} to ${s(l.upper)}`} />
      ${t.deviation_in_bands==null?c`<${me} label="Deviation" value="—" hint="the series never varied before: its band has no width" />`:c`<${me} label="Deviation" value=${`${be(t.deviation_in_bands)}×`} hint="the band's half-width" />`}
      <${me} label="Anomaly score" value=${be(l.score)} />
      <${me} label="Points out of band" value=${se(n.length)} hint=${`step ${Math.round(r/6e4)} min`} />
    </div>
    <${ue} title=${e.subject} actions=${c`<span class="muted">observed · expected · normal band</span>`}>
      ${o.loading?c`<${ee} label="Reading the series" />`:c`
        ${o.error&&c`<p class="muted small">The history around the episode could not be read (${o.error.message}); the evidence alone is shown.</p>`}
        <${Ug} observed=${n} history=${o.points} yFormat=${s} />`}
      ${a.operation&&c`<p class="muted small">This series is one operation's; the chart shows the evidence the engine kept.</p>`}
    <//>
    <${Hg} insight=${e} />
    <${Vg} related=${t.related_series||[]} />`}function Fg(e){let t=1/0;for(let n=1;n<e.length;n++)t=Math.min(t,K(e[n].time_unix_nano)-K(e[n-1].time_unix_nano));return Number.isFinite(t)&&t>0?t:Dg}function zg(e,t,n){let[r,a]=z({loading:!0,points:[],unit:""});return re(()=>{if(t.operation){a({loading:!1,points:[]});return}let o=new AbortController,i=o.signal,s=Math.floor((K(e.start_unix_nano)-Og*n)/n)*n,l=Math.min(Date.now(),K(e.end_unix_nano)+6*n),p=`${n}ms`;return(t.metric?(async()=>{let f=await Ro(t.metric,{start:s,end:l},i),[h,m]=await Promise.all([Z.get(`/api/v1/metrics/series/${encodeURIComponent(t.metric)}`,{start:s,end:l,step:p,fn:f},{signal:i}),Z.get("/api/v1/metrics/names",{start:s,end:l},{signal:i})]),y=m.metrics.find(v=>v.name===t.metric);return{points:h.points.map(v=>({t:K(v.time_unix_nano),v:v.value})),unit:f==="rate"?"rate":y?y.unit:""}})():Z.get(`/api/v1/services/${encodeURIComponent(t.service)}/series`,{start:s,end:l,step:p},{signal:i}).then(f=>({points:f.points.map(h=>({t:K(h.time_unix_nano),v:t.red.value(h,f.step_ms/1e3)}))}))).then(f=>a({loading:!1,...f}),f=>{f.name!=="AbortError"&&a({loading:!1,points:[],error:f})}),()=>o.abort()},[e.id,e.updated_unix_nano]),r}function Ug({observed:e,history:t,yFormat:n}){let r=new Set(t.map(m=>m.t));for(let m of e)r.add(K(m.time_unix_nano));let a=[...r].sort((m,y)=>m-y),o=new Map(a.map((m,y)=>[m,y])),i=()=>new Array(a.length).fill(null),[s,l,p,u,f]=[i(),i(),i(),i(),i()];for(let m of t)s[o.get(m.t)]=m.v;for(let m of e){let y=o.get(K(m.time_unix_nano));s[y]==null&&(s[y]=m.value),[l[y],p[y],u[y],f[y]]=[m.expected,m.upper,m.lower,m.value]}return c`<${dt} title="The series, the band the detector expected, and the points that left it"
    x=${a} series=${[{label:"observed",values:s,color:"--chart-1"},{label:"expected",values:l,color:"--ok",dash:[6,4]},{label:"band upper",values:p,color:"--ok",width:.75},{label:"band lower",values:u,color:"--ok",width:.75},{label:"out of band",values:f,color:"--error",width:2.5,points:!0}]} bands=${[{upper:2,lower:3}]} height=${300} yFormat=${n} />`}function Hg({insight:e}){let t=e.evidence.root_causes,n=Math.floor(K(e.start_unix_nano)),r=Math.max(Math.ceil(K(e.end_unix_nano)),n+6e4),a=ae(t?null:"/api/v1/rca",{start:n,end:r,limit:5}),o=t||a.data&&a.data.causes,i={from:String(n),to:String(r)};return c`<${ue} title="Likely root causes"
      actions=${c`<span class="muted">${t?"ranked when the anomaly was found":"ranked now over the anomaly’s window"}</span>`}>
    ${a.loading&&c`<${ee} label="Ranking root causes" />`}
    ${a.error&&c`<${J} error=${a.error} retry=${a.reload} title="Root-cause analysis failed" />`}
    ${o&&c`<${Ep} causes=${o} window=${i} />`}
  <//>`}function Vg({related:e}){return e.length?c`<${ue} title="Series that moved at the same time">
    <div class="table-wrap"><table class="table dense">
      <caption class="sr-only">Related series</caption>
      <thead><tr><th scope="col">Series</th><th scope="col">Service</th>
        <th scope="col" class="num">Points out of band</th><th scope="col" class="num">Highest score</th></tr></thead>
      <tbody>${e.map(t=>c`<tr>
        <td class="mono">${t.series}</td>
        <td>${t.service?c`<a href=${F(`/ui/services/${encodeURIComponent(t.service)}`)}>${t.service}</a>`:c`<a href=${F("/ui/metrics",{name:t.series})}>chart it</a>`}</td>
        <td class="num">${se(t.anomalous_points)}</td>
        <td class="num">${be(t.max_score)}</td>
      </tr>`)}</tbody>
    </table></div>
  <//>`:null}var Wg=864e5;function Bg(e,t){let n=e&&(e.latest_unix_nano||e.expected_unix_nano),r=n?(K(n)-t)/Wg*1.25:7;return Math.min(366,Math.max(1,Math.ceil(r)))}var Rp=e=>e?`${Pe(K(e))} (${Ti(K(e))})`:"not within the horizon";function Lp({insight:e}){let t=e.evidence,n=t.crossing||{},r=Date.now(),a=ae("/api/v1/forecast",{metric:t.metric,threshold:t.threshold,horizon:`${Bg(n,r)}d`}),o=a.data;return c`
    <div class="stats">
      <${me} label="Now" value=${be(t.last_value)} />
      <${me} label="Threshold" value=${be(t.threshold)} />
      <${me} label="Trend per day" value=${`${t.slope_per_day>=0?"+":""}${be(t.slope_per_day)}`} />
      <${me} label="Expected to reach it" value=${n.expected_unix_nano?Pe(K(n.expected_unix_nano)):"–"}
        tone="warn" hint=${n.expected_unix_nano?Ti(K(n.expected_unix_nano)):""} />
    </div>
    <${ue} title=${`${t.metric}: history and forecast`}
        actions=${c`<a href=${F("/ui/metrics",{name:t.metric})}>Open in Metrics</a>`}>
      ${a.loading&&c`<${ee} label="Forecasting" />`}
      ${a.error&&c`<${J} error=${a.error} retry=${a.reload} title="The forecast failed" />`}
      ${o&&c`<${jg} data=${o} threshold=${t.threshold} />
        <p class="muted small">${`Model ${o.forecast.method}, fitted on ${o.forecast.fitted_points} points; ${Math.round(o.forecast.confidence*100)}% prediction interval. The interval reaches the threshold between ${Rp(n.earliest_unix_nano)} and ${Rp(n.latest_unix_nano)}.`}</p>`}
    <//>`}function jg({data:e,threshold:t}){let n=e.history.map(h=>[K(h.time_unix_nano),h.value]),r=e.forecast.points,a=n.length+r.length,o=[...n.map(([h])=>h),...r.map(h=>K(h.time_unix_nano))],i=()=>new Array(a).fill(null),[s,l,p,u]=[i(),i(),i(),i()];n.forEach(([,h],m)=>{s[m]=h}),r.forEach((h,m)=>{let y=n.length+m;[l[y],p[y],u[y]]=[h.value,h.upper,h.lower]}),n.length&&r.length&&(l[n.length-1]=s[n.length-1]);let f=[{label:"history",values:s,color:"--chart-1"},{label:"forecast",values:l,color:"--chart-5",dash:[6,4]},{label:"upper",values:p,color:"--chart-5",width:.5},{label:"lower",values:u,color:"--chart-5",width:.5},{label:`threshold ${be(t)}`,values:o.map(()=>t),color:"--error",dash:[2,3]}];return c`<${dt} title="History, forecast, its interval, and the threshold" x=${o} series=${f}
    bands=${[{upper:2,lower:3}]} height=${300} yFormat=${be} />`}var Oo=6e4;function Ai({id:e}){let t=ae(`/api/v1/insights/${encodeURIComponent(e)}`),n=t.data,r=Me(t);return c`<${fe} name="insight" state=${r} title=${n?n.title.replaceAll("`",""):"Insight"}
      subtitle=${n&&c`<${Kg} insight=${n} />`}>
    <nav class="crumbs" aria-label="Breadcrumb"><a href=${F("/ui/insights")}>← All insights</a></nav>
    ${r==="loading"&&c`<${ee} label="Reading the insight" />`}
    ${r==="error"&&c`<${J} error=${t.error} retry=${t.error.status===404?void 0:t.reload}
      title=${t.error.status===404?"No such insight":"The insight could not be read"} />
      ${t.error.status===404&&c`<p class="muted">Insights are kept in memory for a while; this one may have
        expired or belong to another tenant. <a href=${F("/ui/insights")}>See the current insights</a>.</p>`}`}
    ${n&&c`<div class="stack insight-detail" data-insight-id=${n.id} data-kind=${n.kind}>
      <p class="insight-lead"><${Ta} text=${n.summary} /></p>
      <${qg} insight=${n} />
      <details class="panel raw-evidence">
        <summary>Evidence as the engine recorded it (JSON)</summary>
        <pre class="code">${JSON.stringify(n.evidence,null,2)}</pre>
      </details>
    </div>`}
  <//>`}function Kg({insight:e}){return c`<span class="insight-meta-line">
    <${Lo} severity=${e.severity} /> <${Do} kind=${e.kind} />
    ${e.service&&c` · service <a href=${F(`/ui/services/${encodeURIComponent(e.service)}`)}>${e.service}</a>`}
    ${` · ${Pe(K(e.start_unix_nano))} → ${Pe(K(e.end_unix_nano))} · updated ${Ft(K(e.updated_unix_nano))}`}
  </span>`}function qg({insight:e}){switch(e.kind){case"anomaly":return c`<${Pp} insight=${e} />`;case"capacity":return c`<${Lp} insight=${e} />`;case"log_pattern":return c`<${Gg} insight=${e} />`;case"tip":return c`<${Jg} insight=${e} />`;default:return null}}function Dp(e,t){let n=Math.floor(K(e.start_unix_nano)-5*Oo),r=Math.ceil(K(e.end_unix_nano)+5*Oo);return Ot("/ui/logs",{...t,from:n,to:r})}function Gg({insight:e}){let t=e.evidence,n=No(t.template||""),r=Math.floor(K(e.start_unix_nano)-60*Oo),a=Math.ceil(Math.min(Date.now(),K(e.end_unix_nano)+30*Oo)),o=ae("/api/v1/logs/histogram",{service:e.service,q:n||void 0,start:r,end:a});return c`
    <div class="stats">
      <${me} label="Lines in the episode" value=${se(t.lines)} tone="error" />
      <${me} label="In the last step" value=${se(t.lines_in_last_step)} />
      <${me} label="Usual per step" value=${se(t.usual_lines_per_step)} />
      <${me} label="Highest severity" value=${Sa(t.max_severity)} />
      <${me} label="First seen" value=${t.first_seen_unix_nano?Ft(K(t.first_seen_unix_nano)):"–"}
        hint=${t.first_seen_unix_nano?Pe(K(t.first_seen_unix_nano)):""} />
    </div>
    <${ue} title="Template" actions=${c`<a href=${Dp(e,{service:e.service,q:n})}>Show these logs</a>
        <a href=${F("/ui/logs",{tab:"patterns",service:e.service})}>All patterns of ${e.service}</a>`}>
      <p><${wi} text=${t.template||""} /></p>
      <h3 class="subhead">Examples</h3>
      <ul class="pattern-example-list">${(t.examples||[]).map(i=>c`<li class="mono">${i}</li>`)}</ul>
    <//>
    <${ue} title="Matching log lines around the episode">
      ${o.error?c`<${J} error=${o.error} />`:o.data?c`<${Kr} buckets=${o.data.buckets} />`:c`<${ee} label="Counting lines" />`}
    <//>`}var Yg=[["call","Repeated call"],["parent_operation","Inside"],["max_repetitions","Most repetitions in one trace"],["traces_affected","Traces affected"],["statement","Statement"],["executions","Executions"],["p95_ms","p95",e=>pe(e)],["total_ms","Total time",e=>pe(e)],["caller","Caller"],["callee","Callee"],["calls_per_trace","Calls per trace",e=>se(+Number(e).toFixed(1))],["max_calls_in_one_trace","Most calls in one trace"],["traces","Traces"],["largest_attribute","Largest attribute"],["max_attribute_bytes","Its size",e=>`${se(e)} bytes`],["metric","Metric"],["attribute","Attribute"],["distinct_values_at_least","Distinct values (at least)"],["examples","Examples",e=>e.join(", ")],["template","Template"],["lines","Lines"],["service_lines","Lines of the service"],["share","Share of the service",e=>Ge(e)]],Qg={n_plus_one:"N+1 calls",slow_statement:"Slow repeated statement",chatty_services:"Chatty service calls",huge_attributes:"Huge span attributes",attribute_cardinality:"High-cardinality metric attribute",noisy_log_template:"Noisy log template"};function Jg({insight:e}){let t=e.evidence,n=Yg.filter(([o])=>t[o]!=null),r=t.example_trace_id,a=t.parent_operation;return c`<${ue} title=${`Tip: ${Qg[t.rule]||(t.rule||"optimization").replaceAll("_"," ")}`}
      actions=${c`${r&&c`<a href=${F(`/ui/traces/${r}`)} data-action="example-trace">Open an example trace</a>`}
        ${e.service&&c`<a href=${F("/ui/traces",{service:e.service,operation:a})}>Traces of ${a||e.service}</a>`}
        ${t.template&&c`<a href=${Dp(e,{service:e.service,q:No(t.template)})}>Show these logs</a>`}`}>
    <dl class="tip-figures">${n.map(([o,i,s])=>c`<div class="kv-row">
      <dt>${i}</dt><dd class=${o==="statement"||o==="call"||o==="template"?"mono":""}>${s?s(t[o]):String(t[o])}</dd>
    </div>`)}</dl>
  <//>`}function Op(){let[e,t]=ut(),n=qe(),r={kind:e.kind,service:e.service,severity:e.severity},a=zn("/api/v1/insights",{...r,...n.params,limit:50},"insights"),o=Me(a,s=>s.insights.length===0),i={...e,kind:void 0};return c`<${fe} name="insights" state=${o} title="Insights"
      subtitle="What Ophion's engine noticed: anomalies, error log patterns, capacity forecasts and tips">
    <${Vr} label="Kinds of insight" active=${e.kind||"all"} tabs=${[{id:"all",label:"All",href:Ot("/ui/insights",i)},...Object.entries(Si).map(([s,l])=>({id:s,label:l.plural,href:Ot("/ui/insights",{...i,kind:s})}))]} />
    <${Xg} query=${e} setQuery=${t} range=${n} />
    ${o==="loading"&&c`<${ee} label="Reading insights" />`}
    ${o==="error"&&c`<${J} error=${a.error} retry=${a.reload} />`}
    ${o==="empty"&&c`<${e$} filtered=${!!(e.kind||e.service||e.severity)} range=${n} />`}
    ${o==="ready"&&c`<ul class="insight-feed" aria-label="Insights">
      ${a.items.map(s=>c`<${Zg} key=${s.id} insight=${s} />`)}
    </ul>
    <div class="load-more">
      ${a.moreError&&c`<${J} error=${a.moreError} title="Loading more failed" />`}
      ${a.hasMore&&c`<button type="button" class="btn" data-action="load-more" disabled=${a.loadingMore}
        onClick=${a.loadMore}>${a.loadingMore?"Loading…":"Load more"}</button>`}
    </div>`}
  <//>`}function Zg({insight:e}){return c`<li class=${`insight-item sev-${e.severity}`} data-insight-id=${e.id} data-kind=${e.kind}>
    <div class="insight-head">
      <${Lo} severity=${e.severity} />
      <${Do} kind=${e.kind} />
      <a class="insight-title" href=${F(`/ui/insights/${e.id}`)}><${Ta} text=${e.title} /></a>
    </div>
    <p class="insight-summary"><${Ta} text=${e.summary} /></p>
    <p class="insight-meta muted small">
      ${e.service&&c`<a href=${F(`/ui/services/${encodeURIComponent(e.service)}`)}>${e.service}</a> · `}
      ${`${Pe(K(e.start_unix_nano))} → ${Pe(K(e.end_unix_nano))} · updated ${Ft(K(e.updated_unix_nano))}`}
    </p>
  </li>`}function Xg({query:e,setQuery:t,range:n}){let r=ae("/api/v1/services",n.params),a=(r.data?r.data.services.map(o=>o.name):[]).sort();return e.service&&!a.includes(e.service)&&a.unshift(e.service),c`<div class="toolbar insight-filters" role="group" aria-label="Insight filters">
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
  </div>`}function e$({filtered:e,range:t}){return c`<${ke} title=${e?"No insight matches these filters":"No insights in this time range"}>
    <p>The engine reads new telemetry every minute. It raises an <strong>anomaly</strong> when a
      service's rate, errors or latency, or a metric, leaves its expected band (it learns the band
      from about a day of history first); a <strong>log pattern</strong> when an error template
      appears or spikes; a <strong>capacity</strong> forecast when a <code>*.utilization</code>
      metric is on course to reach 1; and <strong>tips</strong> such as N+1 queries from recent traces.</p>
    <p>${e?c`<a href=${F("/ui/insights")}>Clear the filters</a> or `:""}
      <button type="button" class="btn-link" onClick=${()=>t.setRange({from:"now-7d",to:"now"})}>look at the last 7 days</button>.</p>
  <//>`}var t$=e=>pe(e);function n$(e,t,n){let r=e.step_ms||6e4,a=new Map(e.points.map(s=>[Math.round(K(s.time_unix_nano)),s])),o=r$([...a.keys()],r,n),i=(s,l,p)=>({label:s,points:o.map(u=>({time_unix_nano:u*1e6,value:a.has(u)?l(a.get(u)):p}))});return/error/i.test(t)?{...yn([i("errors",s=>s.error_count,0)]),yFormat:be}:/latenc|duration|p50|p9\d/i.test(t)?{...yn([i("p50",s=>s.p50_ms,null),i("p95",s=>s.p95_ms,null),i("p99",s=>s.p99_ms,null)]),yFormat:t$}:{...yn([i("spans/s",s=>s.span_count/(r/1e3),0)]),yFormat:s=>`${be(s)}/s`}}function r$(e,t,n){if(!e.length||!n)return e.sort((o,i)=>o-i);let r=(e[0]%t+t)%t,a=[];for(let o=Math.floor((n.start-r)/t)*t+r;o<n.end&&(o>=n.start-t&&a.push(o),!(a.length>5e3));o+=t);return a}function Ci(e,t="",{range:n,units:r={}}={}){if(!e||typeof e!="object")return null;if(Array.isArray(e.points)&&"function"in e&&"name"in e)return{...yn([{label:`${e.name} · ${e.function}`,points:e.points}]),yFormat:Un(r[e.name]||"",e.function)};if(Array.isArray(e.points)&&"service"in e)return n$(e,t,n);if(e.forecast&&Array.isArray(e.history)){let p=e.forecast.points,{x:u,series:f}=yn([{label:"history",points:e.history},{label:"forecast",points:p,color:"--chart-5",dash:[6,4]},{label:"upper",points:p.map(h=>({time_unix_nano:h.time_unix_nano,value:h.upper})),color:"--chart-5",width:.5},{label:"lower",points:p.map(h=>({time_unix_nano:h.time_unix_nano,value:h.lower})),color:"--chart-5",width:.5}]);return{x:u,series:f,yFormat:be,bands:[{upper:2,lower:3}]}}let a=Io(e);if(!a||!a.length)return a?{x:[],series:[],yFormat:be}:null;let o=["time_unix_nano","start_unix_nano","start_time_unix_nano"].find(p=>p in a[0]);if(!o)return null;let i=Object.keys(a[0]).filter(p=>p!==o&&typeof a[0][p]=="number"&&!/_nano$/.test(p)),{x:s,series:l}=yn(i.map(p=>({label:p,points:a.map(u=>({time_unix_nano:u[o],value:u[p]}))})));return{x:s,series:l,yFormat:be}}function Ip(e,t="",n={}){if(!e||typeof e!="object")return[];if(e.point)return[{label:e.point.name,value:Un(e.point.unit)(e.point.value??e.point.sum)}];if(e.totals){let a=e.totals;return[["services","Services"],["spans","Spans"],["errors","Errors"],["logs","Logs"],["error_logs","Error logs"],["open_insights","Open insights"]].filter(([o])=>o in a).map(([o,i])=>({label:i,value:be(a[o]),tone:/error|insight/.test(o)&&a[o]>0?"error":void 0}))}if("p95"in e&&"count"in e){let a=Un((n.units||{})[e.name]||"");return[["avg","avg",a],["p95","p95",a],["max","max",a],["count","points",be]].map(([o,i,s])=>({label:i,value:s(e[o])}))}if(Array.isArray(e.services)&&!e.totals){let a=e.services,o=a.reduce((s,l)=>s+(l.span_count||0),0),i=a.reduce((s,l)=>s+(l.error_count||0),0);return[{label:"Services",value:String(a.length)},{label:"Spans",value:be(o)},{label:"Error rate",value:Ge(o?i/o:0),tone:i?"error":void 0}]}let r=Ci(e,t,n);return r&&r.series.length?r.series.map(a=>{let o=a.values.filter(i=>i!=null);return{label:`${a.label} (last)`,value:o.length?r.yFormat(o[o.length-1]):"–"}}):Object.entries(e).filter(([,a])=>typeof a=="number").slice(0,6).map(([a,o])=>({label:a.replaceAll("_"," "),value:be(o)}))}function Io(e){if(Array.isArray(e))return e;for(let t of Object.values(e||{}))if(Array.isArray(t)&&(!t.length||typeof t[0]=="object"))return t;return null}var a$=/^(attributes|resource_attributes|events|links|evidence|examples|sparkline|by_severity|explicit_bounds|bucket_counts|quantiles)$/;function Fp(e){let t=Io(e)||[],n=t[0]||{};return{columns:Object.keys(n).filter(a=>!a$.test(a)&&(n[a]===null||typeof n[a]!="object"||Array.isArray(n[a]))).slice(0,8).map(a=>({key:a,label:a.replaceAll("_"," "),align:typeof n[a]=="number"?"right":void 0})),rows:t}}function zp(e,t){return t==null?"–":Array.isArray(t)?t.map(n=>typeof n=="object"?JSON.stringify(n):n).join(", "):typeof t=="number"?/_unix_nano$/.test(e)?new Date(K(t)).toLocaleString():/_ms$/.test(e)?pe(t):/_ns$/.test(e)?pe(t/1e6):/rate$/.test(e)&&e.includes("error")?Ge(t):be(t):String(t)}var Up=["avg","sum","min","max","count","rate","p50","p90","p95","p99"],Ei=["trace","debug","info","warn","error","fatal"],je=(e,t,n={})=>({name:e,label:t,...n}),Ni=je("step","Step",{placeholder:"1m (default: a 60th of the range)"}),wn=je("service","Service",{placeholder:"any",suggest:"services"}),Ma=je("limit","Rows",{placeholder:"100"}),Aa=[{path:"/api/v1/services/{service}/series",label:"Service: rate, errors, latency over time",segment:{label:"Service",suggest:"services"},params:[Ni],types:["timeseries","bar","stat"]},{path:"/api/v1/metrics/series/{name}",label:"Metric over time",segment:{label:"Metric",suggest:"metrics"},attrs:!0,types:["timeseries","bar","stat"],params:[je("fn","Aggregation",{options:Up}),Ni,wn]},{path:"/api/v1/metrics/aggregate/{name}",label:"Metric summary (count, avg, p95…)",segment:{label:"Metric",suggest:"metrics"},attrs:!0,params:[wn],types:["stat","table"]},{path:"/api/v1/metrics/latest/{name}",label:"Metric: latest value",segment:{label:"Metric",suggest:"metrics"},attrs:!0,params:[wn],types:["stat"]},{path:"/api/v1/logs/histogram",label:"Log volume by severity",attrs:!0,types:["bar","timeseries"],params:[Ni,wn,je("q","Text in body"),je("min_severity","Minimum severity",{options:Ei})]},{path:"/api/v1/logs",label:"Log records",attrs:!0,types:["logs","table"],params:[wn,je("q","Text in body"),je("min_severity","Minimum severity",{options:Ei}),Ma]},{path:"/api/v1/traces",label:"Traces",attrs:!0,types:["traces","table"],params:[wn,je("operation","Operation"),je("min_duration","Min duration",{placeholder:"250ms"}),je("status","Status",{options:["error","ok","unset"]}),je("sort","Sort",{options:["newest","oldest","longest","shortest"]}),Ma]},{path:"/api/v1/spans",label:"Spans",attrs:!0,types:["table"],params:[wn,je("operation","Operation"),je("status","Status",{options:["error","ok","unset"]}),je("sort","Sort",{options:["newest","oldest","longest","shortest"]}),Ma]},{path:"/api/v1/services",label:"Services with their RED figures",params:[],types:["table","stat"]},{path:"/api/v1/dashboard/stats",label:"Totals: services, spans, errors, logs, insights",params:[],types:["stat","table"]},{path:"/api/v1/service-map",label:"Calls between services",params:[],types:["table"]},{path:"/api/v1/insights",label:"Insights",types:["table"],params:[je("kind","Kind",{options:["anomaly","log_pattern","capacity","tip"]}),wn,je("severity","Severity at least",{options:["info","warning","critical"]}),Ma]},{path:"/api/v1/logs/patterns",label:"Log patterns",types:["table"],params:[wn,je("min_severity","Minimum severity",{options:Ei}),Ma]},{path:"/api/v1/forecast",label:"Metric forecast",types:["timeseries"],params:[je("metric","Metric",{suggest:"metrics"}),je("fn","Aggregation",{options:Up}),je("horizon","Horizon",{placeholder:"7d"}),je("threshold","Threshold",{placeholder:"e.g. 0.9"})]},{path:"/api/v1/metrics/names",label:"Metric names",params:[],types:["table"]},{path:"/api/v1/stats",label:"Stored totals (all time)",params:[],types:["stat"],range:!1}],Hp=["timeseries","bar","stat","table","logs","traces"];function ir(e){for(let t of Aa){let[n,r=""]=t.path.split(/\{[^}]+\}/);if(!t.segment){if(e===t.path)return{entry:t,segment:""};continue}if(e.startsWith(n)&&e.endsWith(r)&&e.length>=n.length+r.length){let a=e.slice(n.length,e.length-r.length);if(a.includes("/"))continue;try{return{entry:t,segment:decodeURIComponent(a)}}catch{}}}return{entry:null,segment:""}}var Pi=(e,t)=>e.path.replace(/\{[^}]+\}/,encodeURIComponent(t||""));function Vp(e){let{entry:t}=ir(e);return t?t.range!==!1:!/^\/api\/v1\/(stats|whoami|traces\/[^/]+|insights\/[^/]+)$/.test(e)}var Wp=e=>typeof e=="string"&&/^\/api\/v1\/[A-Za-z0-9._~%/-]+$/.test(e)&&!e.includes("..");var o$=72,s$=12,i$=90;function Ri({panel:e,range:t}){let{path:n,params:r={}}=e.query||{},a=Wp(n),o=ae(a?n:null,{...r,...Vp(n)?t.params:{}}),i=Math.max(2,Math.min(e.layout?.h||4,12)),s=i*o$+(i-1)*s$-i$,l=l$(a&&/^\/api\/v1\/metrics\/(series|aggregate)\//.test(n)?t:null);return a?o.error?c`<${J} error=${o.error} retry=${o.reload} title="The panel's query failed" />`:o.data===void 0?c`<${ee} label="Loading" />`:c`<${c$} type=${e.type} data=${o.data} title=${e.title} height=${s}
    context=${{range:t,units:l}} />`:c`<p class="muted">This panel's query path is not one of the read API's.</p>`}var Fo=new Map;function l$(e){let t=e?`${e.start}-${e.end}`:"",[n,r]=z({});return re(()=>{if(!t)return;Fo.has(t)||(Fo.clear(),Fo.set(t,Z.get("/api/v1/metrics/names",e.params).then(o=>Object.fromEntries(o.metrics.map(i=>[i.name,i.unit])),()=>({}))));let a=!0;return Fo.get(t).then(o=>{a&&r(o)}),()=>{a=!1}},[t]),n}function c$({type:e,data:t,title:n,height:r,context:a}){if(e==="timeseries"||e==="bar"){if(Array.isArray(t.buckets))return c`<${Kr} buckets=${t.buckets} height=${r-20} />`;let s=Ci(t,n,a);return s?s.x.length?c`<${dt} x=${s.x} series=${s.series} kind=${e==="bar"?"bars":"line"}
      bands=${s.bands} yFormat=${s.yFormat} height=${r} />`:c`<p class="muted panel-none">No data in this time range.</p>`:c`<p class="muted">This query's answer has no time series; try the table type.</p>`}if(e==="stat"){let s=Ip(t,n,a);return s.length?c`<div class="panel-stats">${s.map(l=>c`<div class="panel-stat">
      <div class=${l.tone?`panel-stat-value tone-${l.tone}`:"panel-stat-value"}>${l.value}</div>
      <div class="panel-stat-label">${l.label}</div></div>`)}</div>`:c`<p class="muted panel-none">No figure in this answer.</p>`}if(e==="logs"){let s=t.logs||[];return s.length?c`<div class="panel-scroll"><${jr} logs=${s.map((l,p)=>({key:p,log:l}))} label=${n||"Log records"} /></div>`:c`<p class="muted panel-none">No log records in this time range.</p>`}if(e==="traces")return c`<${p$} traces=${t.traces||Io(t)||[]} />`;let{columns:o,rows:i}=Fp(t);return i.length?c`<div class="panel-scroll"><${ht} dense=${!0} caption=${n} rows=${i.slice(0,200)}
    columns=${o.map(s=>({...s,render:l=>u$(s.key,l)}))} /></div>`:c`<p class="muted panel-none">No rows in this time range.</p>`}function u$(e,t){let n=t[e];return e==="name"&&"span_count"in t||e==="service"||e==="service_name"||e==="caller"||e==="callee"?n?c`<a href=${F(`/ui/services/${encodeURIComponent(n)}`)}>${n}</a>`:"–":e==="trace_id"&&n?c`<a class="mono" href=${F(`/ui/traces/${n}`)}>${n.slice(0,16)}…</a>`:e==="id"&&"kind"in t&&"evidence"in t?c`<a href=${F(`/ui/insights/${n}`)}>${n.slice(0,8)}…</a>`:zp(e,n)}function p$({traces:e}){return e.length?c`<ul class="panel-traces panel-scroll" aria-label="Traces">${e.map(t=>c`<li data-trace-id=${t.trace_id}>
    <a href=${F(`/ui/traces/${t.trace_id}`)}>
      <span class="trace-root">${t.root_service} <code>${t.root_name}</code></span>
      <span class="trace-figures">
        ${t.has_error&&c`<${ie} tone="error">error<//>`}
        <span>${yt(t.duration_ns)}</span>
        <span class="muted">${se(t.span_count)} spans</span>
        <span class="muted">${Pe(K(t.start_time_unix_nano))}</span>
      </span>
    </a>
  </li>`)}</ul>`:c`<p class="muted panel-none">No traces in this time range.</p>`}var Bp=[[3,"quarter"],[4,"third"],[6,"half"],[8,"two thirds"],[12,"full"]],jp=[[3,"short"],[4,"medium"],[6,"tall"],[8,"very tall"]],Li="other",d$=e=>Object.entries(e).filter(([t])=>t.startsWith("attr.")).map(([t,n])=>`${t.slice(5)}=${n}`).join(", ");function f$(e,t){let n=Object.fromEntries(Object.entries(e).filter(([r])=>!r.startsWith("attr.")));for(let r of t.split(",")){let a=r.indexOf("=");a>0&&(n[`attr.${r.slice(0,a).trim()}`]=r.slice(a+1).trim())}return n}function Kp({panel:e,index:t,count:n,onChange:r,onMove:a,onRemove:o,error:i}){let s=$=>`panel-${e.id}-${$}`,{entry:l,segment:p}=ir(e.query.path),u=e.query.params||{},f=$=>r({...e,...$}),h=($,_)=>f({query:{path:$,params:_}}),m=($,_)=>{let T={...u};_===""||_==null?delete T[$]:T[$]=_,h(e.query.path,T)},y=$=>{if($===Li){h(e.query.path,u);return}let _=Aa[Number($)],T=_.types.includes(e.type)?e.type:_.types[0];r({...e,type:T,query:{path:Pi(_,""),params:{}}})},v=l?String(Aa.indexOf(l)):Li,w=e.layout||{x:0,y:0,w:6,h:4};return c`<fieldset class="panel-editor" aria-describedby=${i?s("error"):void 0}>
    <legend>Panel ${t+1}</legend>
    <div class="editor-grid">
      <div class="field wide">
        <label for=${s("title")}>Title</label>
        <input id=${s("title")} name="panel-title" value=${e.title} maxlength="200"
          onInput=${$=>f({title:$.currentTarget.value})} />
      </div>
      <div class="field">
        <label for=${s("type")}>Shown as</label>
        <select id=${s("type")} name="panel-type" value=${e.type} onChange=${$=>f({type:$.currentTarget.value})}>
          ${Hp.map($=>c`<option value=${$}>${$}${l&&!l.types.includes($)?" (unsuited)":""}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for=${s("w")}>Width</label>
        <select id=${s("w")} value=${String(w.w)} onChange=${$=>f({layout:{...w,w:Number($.currentTarget.value)}})}>
          ${Bp.map(([$,_])=>c`<option value=${String($)}>${_}</option>`)}
          ${!Bp.some(([$])=>$===w.w)&&c`<option value=${String(w.w)}>${w.w} columns</option>`}
        </select>
      </div>
      <div class="field">
        <label for=${s("h")}>Height</label>
        <select id=${s("h")} value=${String(w.h)} onChange=${$=>f({layout:{...w,h:Number($.currentTarget.value)}})}>
          ${jp.map(([$,_])=>c`<option value=${String($)}>${_}</option>`)}
          ${!jp.some(([$])=>$===w.h)&&c`<option value=${String(w.h)}>${w.h} rows</option>`}
        </select>
      </div>
      <div class="field wide">
        <label for=${s("query")}>Data</label>
        <select id=${s("query")} name="panel-query" value=${v} onChange=${$=>y($.currentTarget.value)}>
          ${Aa.map(($,_)=>c`<option value=${String(_)}>${$.label}</option>`)}
          <option value=${Li}>Another read API path…</option>
        </select>
      </div>
      ${l&&l.segment&&c`<div class="field">
        <label for=${s("segment")}>${l.segment.label}</label>
        <input id=${s("segment")} list=${`suggest-${l.segment.suggest}`} value=${p} required
          onInput=${$=>h(Pi(l,$.currentTarget.value),u)} />
      </div>`}
      ${l&&l.params.map($=>c`<div class="field">
        <label for=${s($.name)}>${$.label}</label>
        ${$.options?c`<select id=${s($.name)} value=${u[$.name]||""} onChange=${_=>m($.name,_.currentTarget.value)}>
            <option value="">default</option>
            ${$.options.map(_=>c`<option value=${_}>${_}</option>`)}
          </select>`:c`<input id=${s($.name)} value=${u[$.name]||""} placeholder=${$.placeholder||""}
              list=${$.suggest?`suggest-${$.suggest}`:void 0} onInput=${_=>m($.name,_.currentTarget.value.trim())} />`}
      </div>`)}
      ${l&&l.attrs&&c`<div class="field wide">
        <label for=${s("attrs")}>Attribute filters</label>
        <input id=${s("attrs")} value=${d$(u)} placeholder="key=value, key2=value2"
          onChange=${$=>h(e.query.path,f$(u,$.currentTarget.value))} />
      </div>`}
      ${!l&&c`<${m$} id=${s} query=${e.query} onChange=${h} />`}
    </div>
    ${i&&c`<p class="field-error" id=${s("error")} role="alert">${i}</p>`}
    <div class="editor-actions">
      <button type="button" class="btn" data-action="move-up" disabled=${t===0} onClick=${()=>a(-1)}
        aria-label=${`Move panel ${t+1} up`}>↑ Up</button>
      <button type="button" class="btn" data-action="move-down" disabled=${t===n-1} onClick=${()=>a(1)}
        aria-label=${`Move panel ${t+1} down`}>↓ Down</button>
      <button type="button" class="btn btn-danger" data-action="remove-panel" onClick=${o}
        aria-label=${`Remove panel ${t+1}`}>Remove</button>
    </div>
  </fieldset>`}function m$({id:e,query:t,onChange:n}){let r=Object.entries(t.params||{}).map(([o,i])=>`${o}=${i}`).join(`
`),a=o=>Object.fromEntries(o.split(`
`).map(i=>i.trim()).filter(i=>i.includes("=")).map(i=>[i.slice(0,i.indexOf("=")).trim(),i.slice(i.indexOf("=")+1).trim()]));return c`<div class="field wide">
      <label for=${e("path")}>API path</label>
      <input id=${e("path")} class="mono" value=${t.path} placeholder="/api/v1/…"
        onChange=${o=>n(o.currentTarget.value.trim(),t.params||{})} />
    </div>
    <div class="field wide">
      <label for=${e("params")}>Parameters (name=value per line; the time range is added)</label>
      <textarea id=${e("params")} class="mono" rows="3" value=${r}
        onChange=${o=>n(t.path,a(o.currentTarget.value))}></textarea>
    </div>`}function qp({services:e=[],metrics:t=[]}){return c`<datalist id="suggest-services">${e.map(n=>c`<option value=${n} />`)}</datalist>
    <datalist id="suggest-metrics">${t.map(n=>c`<option value=${n} />`)}</datalist>`}var Oi=12,h$={title:"",description:"",time:{from:"now-1h",to:"now"},panels:[]};function Ii({id:e}){let t=e==="new",n=ae(t?null:`/api/v1/dashboards/${encodeURIComponent(e)}`),[r,a]=z(t?h$:null),[o,i]=z(!1),[s,l]=z(!1),[p,u]=z(null),[f,h]=z(!1),m=qe(),y=t?null:n.data,v=$$(y),w=r!==null,$=w?r:y,_=t?"ready":n.error?"error":!y||v?"loading":!w&&y.panels.length===0?"empty":"ready",T=D=>a(C=>({...C||Di(y),...D})),S=()=>a(D=>{let C=D||Di(y);return{...C,panels:[...C.panels,x$(C.panels)]}}),M=async()=>{let D=w$(r);if(D){u(D);return}l(!0),u(null);let C={title:r.title.trim(),description:r.description||"",time:{from:m.from,to:m.to},panels:y$(r.panels)};try{let R=t?await Z.send("POST","/api/v1/dashboards",C):await Z.send("PUT",`/api/v1/dashboards/${encodeURIComponent(e)}`,C);if(h(!0),t){et(F(`/ui/dashboards/${R.id}`),{replace:!0});return}a(null),n.reload()}catch(R){u(R)}finally{l(!1)}},E=async()=>{l(!0);try{await Z.send("DELETE",`/api/v1/dashboards/${encodeURIComponent(e)}`),et(F("/ui/dashboards"))}catch(D){u(D),l(!1),i(!1)}};re(()=>{if(!f)return;let D=setTimeout(()=>h(!1),3e3);return()=>clearTimeout(D)},[f]);let I=$&&c`
    ${f&&c`<span class="saved-note" role="status">Saved</span>`}
    ${w?c`
      <button type="button" class="btn" data-action="add-panel" onClick=${S}>+ Add panel</button>
      <button type="button" class="btn btn-primary" data-action="save" disabled=${s} onClick=${M}>${s?"Saving…":"Save"}</button>
      <button type="button" class="btn" data-action="cancel" onClick=${()=>t?et(F("/ui/dashboards")):(a(null),u(null))}>Cancel</button>`:c`
      <button type="button" class="btn" data-action="add-panel" onClick=${S}>+ Add panel</button>
      <button type="button" class="btn" data-action="edit" onClick=${()=>a(Di(y))}>Edit</button>
      <button type="button" class="btn btn-danger" data-action="delete" onClick=${()=>i(!0)}>Delete</button>`}`;return c`<${fe} name="dashboard" state=${_} actions=${I}
      title=${$?$.title||"New dashboard":"Dashboard"}
      subtitle=${$&&(w?`Editing · saved with the time range shown (${Qa(m)})`:$.description)}>
    <nav class="crumbs" aria-label="Breadcrumb"><a href=${F("/ui/dashboards")}>← All dashboards</a></nav>
    ${_==="loading"&&c`<${ee} label="Loading the dashboard" />`}
    ${n.error&&c`<${J} error=${n.error} title=${n.error.status===404?"No such dashboard":"The dashboard could not be read"}
      retry=${n.error.status===404?void 0:n.reload} />
      ${n.error.status===404&&c`<p><a href=${F("/ui/dashboards")}>See all dashboards</a></p>`}`}
    ${o&&c`<${g$} title=${y.title} busy=${s} onConfirm=${E} onCancel=${()=>i(!1)} />`}
    ${p&&c`<${J} error=${p} title="Not saved" />`}
    ${w&&c`<${b$} draft=${r} edit=${T} range=${m} failure=${p} autofocus=${t} />`}
    ${!w&&_==="empty"&&c`<${ke} title="This dashboard has no panels yet">
      <p>Add a panel: a query of Ophion's API (a service's rate or latency, a metric, log volume,
        slow traces…) shown as a time series, bars, a figure, a table, logs or traces.</p>
      <button type="button" class="btn btn-primary" onClick=${S}>+ Add a panel</button><//>`}
    ${!w&&_==="ready"&&c`<div class="dash-grid">
      ${Gp(y.panels).map(D=>c`<${v$} key=${D.id} panel=${D} range=${m} />`)}
    </div>`}
  <//>`}function g$({title:e,busy:t,onConfirm:n,onCancel:r}){let a=Ve(null);return re(()=>{a.current&&a.current.focus()},[]),c`<div class="confirm-bar" role="alertdialog" aria-labelledby="confirm-delete-text">
    <span id="confirm-delete-text">Delete “${e}” for everyone in this tenant? This cannot be undone.</span>
    <button type="button" class="btn btn-danger-solid" data-action="confirm-delete" ref=${a} disabled=${t} onClick=${n}>Delete it</button>
    <button type="button" class="btn" data-action="cancel-delete" onClick=${r}>Keep it</button>
  </div>`}function $$(e){let[t,n]=ut(),r=Ve(!1),{from:a,to:o}=e&&e.time||{},i=t.from||t.to||t.start||t.end,s=!!e&&!r.current&&!i&&!!a&&(a!=="now-1h"||o!=="now");return re(()=>{!e||r.current||(r.current=!0,s&&n({from:a,to:o},{replace:!0}))},[e]),s}function v$({panel:e,range:t}){let{w:n=6,h:r=4}=e.layout||{};return c`<section class=${`dash-panel w-${Math.min(Math.max(n,1),Oi)} h-${Math.min(Math.max(r,2),12)}`}
      data-panel-id=${e.id} data-panel-type=${e.type} aria-label=${e.title||"Panel"}>
    <h2 class="dash-panel-title">${e.title||"Untitled panel"}</h2>
    <div class="dash-panel-body"><${Ri} panel=${e} range=${t} /></div>
  </section>`}function b$({draft:e,edit:t,range:n,failure:r,autofocus:a}){let o=ae("/api/v1/services",n.params),i=ae("/api/v1/metrics/names",n.params),s=Ve(null);re(()=>{a&&s.current&&s.current.focus()},[]);let l=f=>r&&r.message&&(r.message.match(/^panels\[(\d+)\]/)||[])[1]===String(f)?r.message:null,p=(f,h)=>t({panels:e.panels.map((m,y)=>y===f?h:m)}),u=(f,h)=>{let m=[...e.panels];[m[f],m[f+h]]=[m[f+h],m[f]],t({panels:m})};return c`<div class="stack dash-editor">
    <${qp} services=${o.data?o.data.services.map(f=>f.name):[]}
      metrics=${i.data?i.data.metrics.map(f=>f.name):[]} />
    <div class="editor-grid dash-meta">
      <div class="field wide">
        <label for="dash-title">Dashboard title</label>
        <input id="dash-title" name="title" ref=${s} value=${e.title} maxlength="200" required
          placeholder="e.g. Checkout health" onInput=${f=>t({title:f.currentTarget.value})} />
      </div>
      <div class="field wide">
        <label for="dash-description">Description</label>
        <input id="dash-description" name="description" value=${e.description} maxlength="2000"
          placeholder="What this dashboard is for (optional)" onInput=${f=>t({description:f.currentTarget.value})} />
      </div>
    </div>
    ${e.panels.length===0&&c`<p class="muted">No panels yet: “+ Add panel” adds one, then choose its data and how it is shown.</p>`}
    ${e.panels.map((f,h)=>c`<div class="edit-row" key=${f.id} data-panel-id=${f.id} data-panel-type=${f.type}>
      <${Kp} panel=${f} index=${h} count=${e.panels.length} error=${l(h)}
        onChange=${m=>p(h,m)} onMove=${m=>u(h,m)}
        onRemove=${()=>t({panels:e.panels.filter((m,y)=>y!==h)})} />
      <${_$} panel=${f} range=${n} />
    </div>`)}
  </div>`}function _$({panel:e,range:t}){let[n,r]=z(e);re(()=>{let i=setTimeout(()=>r(e),500);return()=>clearTimeout(i)},[JSON.stringify(e)]);let{entry:a,segment:o}=ir(n.query.path);return c`<div class="edit-preview" aria-label="Preview">
    <div class="dash-panel-title muted">Preview · ${n.title||"Untitled panel"}</div>
    ${a&&a.segment&&!o?c`<p class="muted">Choose the ${a.segment.label.toLowerCase()} to see this panel.</p>`:c`<${Ri} panel=${n} range=${t} />`}
  </div>`}var Di=e=>JSON.parse(JSON.stringify({title:e.title,description:e.description,time:e.time,panels:Gp(e.panels)}));function x$(e){let t=e.length+1;for(;e.some(n=>n.id===`p${t}`);)t+=1;return{id:`p${t}`,title:"Log volume",type:"bar",query:{path:"/api/v1/logs/histogram",params:{}},layout:{x:0,y:0,w:6,h:4}}}var Gp=e=>[...e].sort((t,n)=>(t.layout?.y??0)-(n.layout?.y??0)||(t.layout?.x??0)-(n.layout?.x??0));function y$(e){let t=0,n=0,r=0;return e.map(a=>{let o=Math.min(Math.max(a.layout?.w||6,1),Oi),i=Math.max(a.layout?.h||4,1);t+o>Oi&&(t=0,n+=r,r=0);let s={...a,layout:{x:t,y:n,w:o,h:i}};return t+=o,r=Math.max(r,i),s})}function w$(e){if(!e.title.trim())return new Error("Give the dashboard a title.");let t=e.panels.findIndex(n=>{let{entry:r,segment:a}=ir(n.query.path);return r&&r.segment&&!a});return t>=0?new Error(`panels[${t}]: choose the ${ir(e.panels[t].query.path).entry.segment.label.toLowerCase()} this panel shows.`):null}function Yp(){let e=zn("/api/v1/dashboards",{limit:100},"items"),t=Me(e),n=c`<button type="button" class="btn btn-primary" data-action="new-dashboard"
    onClick=${()=>et(F("/ui/dashboards/new"))}>+ New dashboard</button>`;return c`<${fe} name="dashboards" state=${t} title="Dashboards" actions=${n}
      subtitle="Panels of your choice over one time range; start from scratch or from a preset">
    ${t==="loading"&&c`<${ee} label="Reading dashboards" />`}
    ${t==="error"&&c`<${J} error=${e.error} retry=${e.reload} />`}
    ${t==="ready"&&!e.items.length&&c`<${ke} title="No dashboards yet">
      <p>Create one with “+ New dashboard”, or start from a preset below and change it as you like.
        Every panel shows the time range chosen in the header.</p><//>`}
    ${t==="ready"&&e.items.length>0&&c`<${ue} title=${`${se(e.items.length)} dashboards`}>
      <ul class="dash-list">${e.items.map(r=>c`<li data-dashboard-id=${r.id}>
        <a class="dash-link" href=${F(`/ui/dashboards/${r.id}`)}>${r.title}</a>
        <span class="muted">${r.description}</span>
        <span class="dash-list-meta muted small">${se(r.panels)} panels${r.updated_at?` · updated ${Ft(Date.parse(r.updated_at))}`:""}</span>
      </li>`)}</ul>
      ${e.hasMore&&c`<button type="button" class="btn" data-action="load-more" onClick=${e.loadMore}>Load more</button>`}
    <//>`}
    <${k$} />
  <//>`}function k$(){let e=ae("/api/v1/dashboard/presets"),[t,n]=z(""),[r,a]=z(null),o=async i=>{n(i.id),a(null);try{let{title:s,description:l,time:p,panels:u}=i,f=await Z.send("POST","/api/v1/dashboards",{title:s,description:l,time:p,panels:u});et(F(`/ui/dashboards/${f.id}`))}catch(s){a(s),n("")}};return c`<section class="presets" aria-labelledby="presets-title">
    <h2 id="presets-title">Presets</h2>
    ${e.loading&&c`<${ee} label="Reading presets" />`}
    ${e.error&&c`<${J} error=${e.error} retry=${e.reload} title="Presets could not be read" />`}
    ${r&&c`<${J} error=${r} title="The preset could not be saved" />`}
    ${e.data&&c`<ul class="preset-list">${e.data.items.map(i=>c`<li class="preset-card" data-preset=${i.id}>
      <h3>${i.title}</h3>
      <p class="muted">${i.description}</p>
      <p class="small muted">${i.panels.length} panels: ${i.panels.map(s=>s.title).join(", ")}</p>
      <button type="button" class="btn" data-action="use-preset" disabled=${!!t} onClick=${()=>o(i)}
        aria-label=${`Use this preset: ${i.title}`}>${t===i.id?"Creating…":"Use this preset"}</button>
    </li>`)}</ul>`}
  </section>`}var lr=e=>e?Pe(Date.parse(e)):"–";function Fi({id:e}){let t=ae(`/api/v1/alerts/${encodeURIComponent(e)}`),n=t.data,r=Me(t);return c`<${fe} name="alert" state=${r} title=${n?n.name||n.fingerprint:"Alert"}
      subtitle=${n&&c`<span><${Ca} severity=${n.severity} /> <${zi} state=${n.state} /> · ${n.status}</span>`}
      actions=${n&&c`<${Ui} alert=${n} done=${t.reload} />`}>
    <nav class="crumbs" aria-label="Breadcrumb"><a href=${F("/ui/alerts")}>← All alerts</a></nav>
    ${r==="loading"&&c`<${ee} label="Reading the alert" />`}
    ${r==="error"&&c`<${J} error=${t.error}
      title=${t.error.status===404?"No such alert":"The alert could not be read"} />`}
    ${n&&c`<div class="stack alert-detail" data-alert-id=${n.id} data-state=${n.state} data-status=${n.status}>
      ${n.annotations.summary&&c`<p class="alert-lead">${n.annotations.summary}</p>`}
      <div class="stats">
        <${me} label="Value" value=${cr(n.value)} />
        <${me} label="Active since" value=${lr(n.starts_at)} />
        <${me} label="Fired" value=${lr(n.fired_at)} />
        <${me} label="Resolved" value=${lr(n.resolved_at)} hint=${n.resolved_by?`by ${n.resolved_by}`:void 0} />
        <${me} label="Repeats" value=${n.repeat_count} />
      </div>
      <${ue} title="Where it comes from">
        ${n.rule_id?c`<p>Rule <a data-rule-link href=${F(`/ui/alert-rules/${n.rule_id}`)}>${n.name}</a>: <code>${n.query}</code></p>`:c`<p>Sent by ${n.source==="alertmanager"?"Prometheus or Alertmanager (API v2)":n.source==="ophion"?"Ophion itself":"the alerts API"}
            ${n.ends_at&&n.state!=="resolved"?`; resolves at ${lr(n.ends_at)} unless sent again`:""}
            ${n.generator_url&&c` · <a href=${n.generator_url} rel="noreferrer">source</a>`}</p>`}
        ${n.acknowledged_by&&c`<p>Acknowledged by <strong>${n.acknowledged_by}</strong> at ${lr(n.acknowledged_at)}.</p>`}
      <//>
      <div class="two-col">
        <${ue} title="Labels"><${Dn} data=${n.labels} /><//>
        <${ue} title="Annotations"><${Dn} data=${n.annotations} /><//>
      </div>
      <${ue} title="Notifications">
        ${n.notifications.length===0?c`<p class="muted">None: ${n.rule_id?"the rule names no channel":"alerts from outside are not routed yet"}.</p>`:c`<ol class="alert-history">${n.notifications.map(a=>c`<li data-delivery=${a.state}>
            <span class="muted small">${lr(a.created_at)}</span> <strong>${a.event}</strong> to channel <code>${a.channel_id}</code>:
            ${a.state}${a.attempts>1?` after ${a.attempts} attempts`:""}${a.last_error?` · ${a.last_error}`:""}
          </li>`)}</ol>`}
      <//>
      <${ue} title="History">
        <ol class="alert-history">${n.events.map(a=>c`<li data-event=${a.kind}>
          <span class="muted small">${lr(a.time)}</span> <strong>${a.kind.replace("_"," ")}</strong>
          ${a.detail&&a.detail.value!==void 0&&c` · value ${cr(a.detail.value)}`}
          ${a.detail&&a.detail.actor&&c` · by ${a.detail.actor}`}
          ${a.detail&&a.detail.reason&&c` · ${a.detail.reason}`}
          ${a.detail&&a.detail.error&&c` · ${a.detail.error}`}
        </li>`)}</ol>
      <//>
    </div>`}
  <//>`}var S$={critical:"error",error:"error",warning:"warn",info:"info"},T$={firing:"error",pending:"warn",resolved:"ok"},M$=[["active","Active"],["firing","Firing"],["pending","Pending"],["resolved","Resolved"],["all","All"]],Ca=({severity:e})=>c`<${ie} tone=${S$[e]||"muted"}>${e}<//>`,zi=({state:e})=>c`<${ie} tone=${T$[e]||"muted"}>${e}<//>`;function cr(e){return e==null?"–":Math.abs(e)>=1e3||Number.isInteger(e)?String(Math.round(e*100)/100):String(+e.toPrecision(4))}function Ui({alert:e,done:t}){let[n,r]=z(""),[a,o]=z(null);if(e.status==="resolved")return null;let i=async s=>{r(s),o(null);try{await Z.send("POST",`/api/v1/alerts/${encodeURIComponent(e.id)}/${s}`),t()}catch(l){o(l)}finally{r("")}};return c`<span class="alert-actions">
    ${e.status==="open"&&c`<button type="button" class="btn btn-small" data-action="acknowledge"
      disabled=${!!n} onClick=${()=>i("acknowledge")}>${n==="acknowledge"?"Acknowledging…":"Acknowledge"}</button>`}
    <button type="button" class="btn btn-small" data-action="resolve" disabled=${!!n}
      onClick=${()=>i("resolve")}>${n==="resolve"?"Resolving…":"Resolve"}</button>
    ${a&&c`<span class="error-text" role="alert">${a.message}</span>`}
  </span>`}function Qp(){let[e,t]=ut(),n=e.state||"active",r={state:n==="all"?void 0:n,status:e.status,limit:100},a=zn("/api/v1/alerts",r,"items"),o=Me(a,l=>l.items.length===0),i=c`<span class="alert-actions"><a class="btn" href=${F("/ui/alert-rules")}>Alert rules</a>
    <a class="btn" href=${F("/ui/notification-channels")}>Channels</a></span>`,s=[{key:"severity",label:"Severity",render:l=>c`<${Ca} severity=${l.severity} />`},{key:"name",label:"Alert",render:l=>c`<a class="alert-name" href=${F(`/ui/alerts/${l.id}`)}>${l.name||l.fingerprint}</a>
      <div class="muted small">${l.annotations.summary||A$(l.labels)}</div>`},{key:"state",label:"State",render:l=>c`<${zi} state=${l.state} />`},{key:"status",label:"Status",render:l=>c`<span data-status=${l.status}>${l.status}${l.acknowledged_by?` by ${l.acknowledged_by}`:""}</span>`},{key:"value",label:"Value",align:"right",render:l=>cr(l.value)},{key:"starts_at",label:"Since",render:l=>Ft(Date.parse(l.starts_at))},{key:"repeat_count",label:"Repeats",align:"right"},{key:"actions",label:"",render:l=>c`<${Ui} alert=${l} done=${a.reload} />`}];return c`<${fe} name="alerts" state=${o} title="Alerts" actions=${i}
      subtitle="Raised by your alert rules and by Prometheus, Grafana or Alertmanager sending to Ophion">
    <${Vr} label="Alert states" active=${n}
      tabs=${M$.map(([l,p])=>({id:l,label:p,href:Ot("/ui/alerts",{...e,state:l})}))} />
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
    ${o==="empty"&&c`<${ke} title=${n==="active"?"Nothing is firing":"No alerts here"}>
      <p>Alerts come from <a href=${F("/ui/alert-rules")}>alert rules</a> over your spans, logs,
        metrics and insights, and from Prometheus or Alertmanager posting to <code>/api/v2/alerts</code>.</p><//>`}
    ${o==="ready"&&c`<${ht} caption="Alerts" columns=${s} rows=${a.items} rowKey=${l=>l.id}
      rowProps=${l=>({"data-alert-id":l.id,"data-state":l.state})} />
      ${a.hasMore&&c`<button type="button" class="btn" data-action="load-more" onClick=${a.loadMore}>Load more</button>`}`}
  <//>`}var A$=e=>Object.entries(e||{}).filter(([t])=>t!=="alertname"&&t!=="severity").map(([t,n])=>`${t}=${n}`).join(", ");var Jp={spans:["error_rate","rate","count","error_count","p50","p75","p90","p95","p99"],logs:["count","rate"],metrics:["avg","sum","min","max","count","rate","p50","p90","p95","p99"]};function C$(e){let t=e.query||{},n=[t.signal||(e.kind==="anomaly"?"insights":""),t.fn,t.metric,t.service,t.operation,t.text&&`"${t.text}"`].filter(Boolean).join(" · "),r=t.group_by&&t.group_by.length?` by ${t.group_by.join(", ")}`:"",a=e.condition?` ${e.condition.op} ${e.condition.value}`:e.kind==="absence"?" absent":"";return n+r+a}function Zp(){let e=ae("/api/v1/alert-rules",{limit:1e3}),t=Me(e,a=>a.items.length===0),n=c`<button type="button" class="btn btn-primary" data-action="new-rule"
    onClick=${()=>et(F("/ui/alert-rules/new"))}>+ New rule</button>`,r=[{key:"name",label:"Rule",render:a=>c`<a class="alert-name" href=${F(`/ui/alert-rules/${a.id}`)}>${a.name}</a>`},{key:"query",label:"Reads",render:a=>c`<code>${C$(a)}</code>`},{key:"severity",label:"Severity",render:a=>c`<${Ca} severity=${a.severity} />`},{key:"timing",label:"Every / for",render:a=>`${a.interval} / ${a.for}`},{key:"health",label:"Last evaluation",render:a=>c`<${E$} health=${a.health} enabled=${a.enabled} />`}];return c`<${fe} name="alert-rules" state=${t} title="Alert rules" actions=${n}
      subtitle="Conditions over spans, logs, metrics and insights; Prometheus semantics for pending, firing and resolved">
    <nav class="crumbs" aria-label="Breadcrumb"><a href=${F("/ui/alerts")}>← Alerts</a></nav>
    ${t==="loading"&&c`<${ee} label="Reading alert rules" />`}
    ${t==="error"&&c`<${J} error=${e.error} retry=${e.reload} />`}
    ${t==="empty"&&c`<${ke} title="No alert rules yet"><p>“+ New rule” starts one, with a preview of
      what it would have said over the last hour before you save it.</p><//>`}
    ${t==="ready"&&c`<${ht} caption="Alert rules" columns=${r} rows=${e.data.items}
      rowKey=${a=>a.id} rowProps=${a=>({"data-rule-id":a.id})} />`}
  <//>`}function E$({health:e,enabled:t}){if(!t)return c`<${ie}>disabled<//>`;if(!e||!e.last_evaluation)return c`<span class="muted">not yet</span>`;let n=Ft(Date.parse(e.last_evaluation));return e.last_error?c`<span class="error-text" title=${e.last_error}>failed ${n}: ${e.last_error}</span>`:c`<span>${n} · ${e.holding} of ${e.series} holding</span>`}var N$={name:"",kind:"threshold",query:{signal:"spans",fn:"error_rate"},condition:{op:">",value:.05},for:"2m",keep_firing_for:"0s",interval:"1m",window:"5m",severity:"warning",labels:{},annotations:{},notify:[],no_data:"nodata",on_error:"keep_last",enabled:!0};function P$(e){let{id:t,created_at:n,updated_at:r,health:a,...o}=e;return o}var R$=e=>Object.entries(e||{}).map(([t,n])=>`${t}=${n}`).join(`
`);function L$(e){let t={};for(let n of e.split(`
`)){let r=n.indexOf("=");r>0&&(t[n.slice(0,r).trim()]=n.slice(r+1).trim())}return t}function Xp({id:e}){let t=e==="new",n=ae(t?null:`/api/v1/alert-rules/${encodeURIComponent(e)}`),r=t?"ready":Me(n);return c`<${fe} name="alert-rule" state=${r} title=${t?"New alert rule":n.data?n.data.name:"Alert rule"}>
    <nav class="crumbs" aria-label="Breadcrumb"><a href=${F("/ui/alert-rules")}>← Alert rules</a></nav>
    ${r==="loading"&&c`<${ee} label="Reading the rule" />`}
    ${r==="error"&&c`<${J} error=${n.error}
      title=${n.error.status===404?"No such alert rule":"The rule could not be read"} />`}
    ${(t||n.data)&&c`<${D$} key=${e} id=${t?null:e}
      initial=${t?N$:P$(n.data)} />`}
  <//>`}function D$({id:e,initial:t}){let[n,r]=z(t),[a,o]=z(R$(t.labels)),[i,s]=z((t.annotations||{}).summary||""),[l,p]=z(!1),[u,f]=z(null),h=n.query||{},m=M=>r(E=>({...E,...M})),y=M=>r(E=>{let I={...E.query,...M};for(let D of Object.keys(I))(I[D]===""||I[D]==null)&&delete I[D];return{...E,query:I}}),v={...n,labels:L$(a),annotations:{...n.annotations||{},summary:i||void 0}};i||delete v.annotations.summary,v.kind!=="threshold"?delete v.condition:v.condition||(v.condition={op:">",value:0});let w=async()=>{p(!0),f(null);try{let M=e?await Z.send("PUT",`/api/v1/alert-rules/${e}`,v):await Z.send("POST","/api/v1/alert-rules",v);et(F(`/ui/alert-rules/${M.id}`),{replace:!e}),e&&p(!1)}catch(M){f(M),p(!1)}},$=async()=>{if(window.confirm(`Delete the rule “${n.name}”? Its alerts stay, as history.`))try{await Z.send("DELETE",`/api/v1/alert-rules/${e}`),et(F("/ui/alert-rules"))}catch(M){f(M)}},_=h.signal||"spans",T=(M,E,I)=>c`<div class="field"><label for=${`rule-${E}`}>${M}</label>${I}</div>`,S=(M,E,I,D="")=>c`<input id=${`rule-${M}`} name=${M} value=${E??""}
    placeholder=${D} onInput=${C=>I(C.currentTarget.value)} />`;return c`<div class="stack">
    <${ue} title="Rule">
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
        ${n.kind!=="anomaly"&&T("Function","fn",c`<select id="rule-fn" name="fn" value=${h.fn||""}
          onChange=${M=>y({fn:M.currentTarget.value})}>
          ${Jp[_].map(M=>c`<option value=${M}>${M}</option>`)}
        </select>`)}
        ${_==="metrics"&&T("Metric","metric",S("metric",h.metric,M=>y({metric:M})))}
        ${T("Service","service",S("service",h.service,M=>y({service:M}),"any"))}
        ${_==="spans"&&n.kind!=="anomaly"&&T("Operation","operation",S("operation",h.operation,M=>y({operation:M}),"any"))}
        ${_==="logs"&&T("Text contains","text",S("text",h.text,M=>y({text:M})))}
        ${T("Group by","group_by",S("group_by",(h.group_by||[]).join(", "),M=>y({group_by:M.split(",").map(E=>E.trim()).filter(Boolean)}),"service"))}
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
          <input id="rule-summary" name="summary" value=${i} onInput=${M=>s(M.currentTarget.value)} /></div>
        <div class="field wide"><label for="rule-labels">Labels, one <code>name=value</code> per line</label>
          <textarea id="rule-labels" name="labels" value=${a} onInput=${M=>o(M.currentTarget.value)}></textarea></div>
        <${O$} chosen=${n.notify||[]} onChange=${M=>m({notify:M})} />
        <label class="wide check"><input type="checkbox" name="enabled" checked=${n.enabled}
          onChange=${M=>m({enabled:M.currentTarget.checked})} /> Enabled</label>
      </form>
      <div class="rule-buttons">
        <button type="button" class="btn btn-primary" data-action="save-rule" disabled=${l} onClick=${w}>${l?"Saving…":e?"Save":"Create rule"}</button>
        ${e&&c`<button type="button" class="btn btn-danger" data-action="delete-rule" onClick=${$}>Delete</button>`}
        ${e&&c`<a href=${F("/ui/alerts",{state:"all"})}>Its alerts</a>`}
        ${u&&c`<span class="error-text" role="alert" data-testid="rule-error">${u.message}</span>`}
      </div>
    <//>
    <${I$} rule=${v} />
  </div>`}function O$({chosen:e,onChange:t}){let n=ae("/api/v1/notification-channels"),r=n.data?n.data.items:[],a=(o,i)=>t(i?[...e,o]:e.filter(s=>s!==o));return c`<fieldset class="wide notify-picker">
    <legend>Notify</legend>
    ${r.length===0&&c`<span class="muted">No channels yet: <a href=${F("/ui/notification-channels")}>add one</a>.</span>`}
    ${r.map(o=>c`<label class="check"><input type="checkbox" name="notify" value=${o.id}
      checked=${e.includes(o.id)} onChange=${i=>a(o.id,i.currentTarget.checked)} /> ${o.name} (${o.type})</label>`)}
  </fieldset>`}function I$({rule:e}){let t=JSON.stringify(e),[n,r]=z({data:null,error:null,loading:!0});re(()=>{let u=new AbortController,f=setTimeout(()=>{r(h=>({...h,loading:!0})),Z.send("POST","/api/v1/alert-rules/preview",JSON.parse(t),{signal:u.signal}).then(h=>r({data:h,error:null,loading:!1}),h=>{h.name!=="AbortError"&&r({data:null,error:h,loading:!1})})},500);return()=>{clearTimeout(f),u.abort()}},[t]);let{data:a,error:o}=n,i=e.condition&&Number.isFinite(e.condition.value)?e.condition.value:null,s=a?a.series.map(u=>Date.parse(u.time)):[],l=a?[{label:"value",values:a.series.map(u=>u.value)}]:[];a&&i!=null&&l.push({label:"threshold",values:s.map(()=>i),dash:[4,4]});let p=a?a.groups.filter(u=>u.holds):[];return c`<${ue} title="Preview: the last 12 windows" className="rule-preview">
    ${o&&c`<${J} error=${o} title="The rule cannot be evaluated" />`}
    ${!a&&!o&&c`<${ee} label="Evaluating" />`}
    ${a&&c`<div data-testid="preview" data-holding=${p.length} data-groups=${a.groups.length}>
      <${dt} title="Rule value" x=${s} series=${l} height=${180} yFormat=${cr} />
      <p>${a.groups.length===0?"Nothing found now: the rule’s “when nothing is found” choice applies.":`Now: ${p.length} of ${a.groups.length} ${a.groups.length===1?"group holds":"groups hold"}.`}</p>
      <ul class="preview-groups">${a.groups.map(u=>c`<li data-holds=${u.holds}>
        <span class=${u.holds?"holds":""}>${u.holds?"would fire":"fine"}</span>
        · ${Object.entries(u.labels).map(([f,h])=>`${f}=${h}`).join(", ")||"the whole query"} · value ${cr(u.value)}
      </li>`)}</ul>
    </div>`}
  <//>`}var ed={webhook:[["url","URL",!1,"https://…"],["secret","HMAC secret (optional)",!0,""]],slack:[["url","Incoming webhook URL",!0,"https://hooks.slack.com/services/…"]],teams:[["url","Workflows webhook URL",!0,"https://…"]],discord:[["url","Webhook URL",!0,"https://discord.com/api/webhooks/…"]],pagerduty:[["routing_key","Routing key",!0,"32 characters"]],opsgenie:[["api_key","API key",!0,""],["url","API URL",!1,"https://api.opsgenie.com"]],alertmanager:[["url","Alertmanager URL",!1,"http://alertmanager:9093"]]};function td(){let e=ae("/api/v1/notification-channels"),t=Me(e,s=>s.items.length===0),[n,r]=z({}),a=async s=>{r(l=>({...l,[s.id]:{busy:!0}}));try{let l=await Z.send("POST",`/api/v1/notification-channels/${s.id}/test`);r(p=>({...p,[s.id]:l}))}catch(l){r(p=>({...p,[s.id]:{delivered:!1,error:l.message}}))}},o=async s=>{window.confirm(`Delete the channel “${s.name}”?`)&&(await Z.send("DELETE",`/api/v1/notification-channels/${s.id}`),e.reload())},i=[{key:"name",label:"Channel",render:s=>c`<strong>${s.name}</strong>`},{key:"type",label:"Kind",render:s=>c`<${ie}>${s.type}<//>`},{key:"url",label:"Sends to",render:s=>c`<code>${s.url||(s.type==="pagerduty"?"PagerDuty Events v2":"")}</code>`},{key:"secret_set",label:"Secret",render:s=>s.secret_set?"set":"–"},{key:"test",label:"",render:s=>{let l=n[s.id];return c`<span class="alert-actions">
        <button type="button" class="btn btn-small" data-action="test-channel" disabled=${l&&l.busy} onClick=${()=>a(s)}>Send a test</button>
        <button type="button" class="btn btn-small btn-danger" data-action="delete-channel" onClick=${()=>o(s)}>Delete</button>
        ${l&&!l.busy&&c`<span data-testid="test-result" data-delivered=${String(l.delivered)}
          class=${l.delivered?"":"error-text"}>${l.delivered?"delivered":`not delivered: ${l.error}`}</span>`}
      </span>`}}];return c`<${fe} name="channels" state=${t==="empty"?"ready":t} title="Notification channels"
      subtitle="Where alert rules send their alerts: webhooks (Alertmanager's format, signed), Slack, Teams, Discord, PagerDuty, Opsgenie, Alertmanager">
    <nav class="crumbs" aria-label="Breadcrumb"><a href=${F("/ui/alerts")}>← Alerts</a></nav>
    ${t==="loading"&&c`<${ee} label="Reading channels" />`}
    ${t==="error"&&c`<${J} error=${e.error} retry=${e.reload} />`}
    ${t==="empty"&&c`<${ke} title="No channels yet"><p>Add one below, then pick it in an alert rule.</p><//>`}
    ${t==="ready"&&c`<${ue} title=${`${e.data.items.length} channels`} flush>
      <${ht} caption="Notification channels" columns=${i} rows=${e.data.items}
        rowKey=${s=>s.id} rowProps=${s=>({"data-channel-id":s.id})} /><//>`}
    <${F$} done=${e.reload} />
  <//>`}function F$({done:e}){let[t,n]=z("webhook"),[r,a]=z({name:""}),[o,i]=z(null),[s,l]=z(!1),p=async()=>{l(!0),i(null);let f={type:t};for(let[h,m]of Object.entries(r))m&&(f[h]=m);try{await Z.send("POST","/api/v1/notification-channels",f),a({name:""}),e()}catch(h){i(h)}finally{l(!1)}},u=(f,h,m,y)=>c`<div class="field">
    <label for=${`channel-${f}`}>${h}</label>
    <input id=${`channel-${f}`} name=${f} type=${m?"password":"text"} autocomplete="off"
      placeholder=${y} value=${r[f]||""}
      onInput=${v=>{let w=v.currentTarget.value;a($=>({...$,[f]:w}))}} />
  </div>`;return c`<${ue} title="Add a channel">
    <form class="rule-form" onSubmit=${f=>{f.preventDefault(),p()}}>
      ${u("name","Name",!1,"ops hook")}
      <div class="field"><label for="channel-type">Kind</label>
        <select id="channel-type" name="type" value=${t} onChange=${f=>n(f.currentTarget.value)}>
          ${Object.keys(ed).map(f=>c`<option value=${f}>${f}</option>`)}
        </select></div>
      ${ed[t].map(([f,h,m,y])=>u(f,h,m,y))}
    </form>
    <div class="rule-buttons">
      <button type="button" class="btn btn-primary" data-action="save-channel" disabled=${s} onClick=${p}>Add channel</button>
      ${o&&c`<span class="error-text" role="alert">${o.message}</span>`}
    </div>
  <//>`}function nd(){return c`<${fe} name="not-found" state="empty" title="Page not found">
    <div class="empty" role="status">
      <h2>Nothing lives at <code>${location.pathname}</code></h2>
      <p>The link may be mistyped or from a newer version of Ophion.</p>
      <p><a href="/ui/">Go to the overview</a> · <a href="/ui/traces">Search traces</a> ·
        <a href="/ui/logs">Search logs</a></p>
    </div>
  <//>`}var z$=[["/ui/",Ku],["/ui/services/:service",Zu],["/ui/service-map",mp],["/ui/traces",$p],["/ui/traces/:traceId",vp],["/ui/logs",Mp],["/ui/metrics",Cp],["/ui/insights",Op],["/ui/insights/:id",Ai],["/ui/dashboards",Yp],["/ui/dashboards/:id",Ii],["/ui/alerts",Qp],["/ui/alerts/:id",Fi],["/ui/alert-rules",Zp],["/ui/alert-rules/:id",Xp],["/ui/notification-channels",td]].map(([e,t])=>({pattern:e,component:t,regex:U$(e)}));function U$(e){let t=[],n=e.replace(/:(\w+)/g,(r,a)=>(t.push(a),"([^/]+)"));return{re:new RegExp(`^${n}/?$`),names:t}}function rd(e){let t=e==="/ui"?"/ui/":e;for(let n of z$){let r=t.match(n.regex.re);if(r){let a={};return n.regex.names.forEach((o,i)=>{a[o]=H$(r[i+1])}),{component:n.component,params:a,pattern:n.pattern}}}return{component:nd,params:{},pattern:"*"}}function H$(e){try{return decodeURIComponent(e)}catch{return e}}var ad=[{href:"/ui/",label:"Overview",match:e=>e==="/ui/"||e==="/ui"||e.startsWith("/ui/services/")},{href:"/ui/service-map",label:"Service map"},{href:"/ui/traces",label:"Traces"},{href:"/ui/logs",label:"Logs"},{href:"/ui/metrics",label:"Metrics"},{href:"/ui/insights",label:"Insights"},{href:"/ui/dashboards",label:"Dashboards"},{href:"/ui/alerts",label:"Alerts",match:e=>["/ui/alerts","/ui/alert-rules","/ui/notification-channels"].some(t=>e.startsWith(t))}];function od(){let e=qe(),[t,n]=z(!1),r=Ve(null);re(()=>{if(!t)return;let o=s=>{r.current&&!r.current.contains(s.target)&&n(!1)},i=s=>{s.key==="Escape"&&(n(!1),r.current.querySelector(".range-button").focus())};return document.addEventListener("mousedown",o),document.addEventListener("keydown",i),()=>{document.removeEventListener("mousedown",o),document.removeEventListener("keydown",i)}},[t]);let a=o=>{e.setRange(o),n(!1)};return c`<div class="time-range" data-testid="time-range" ref=${r}>
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
      <${V$} range=${e} onApply=${a} />
    </div>`}
  </div>`}function V$({range:e,onApply:t}){let[n,r]=z(Rs(e.start)),[a,o]=z(Rs(e.end)),[i,s]=z("");return c`<form class="range-absolute" onSubmit=${p=>{p.preventDefault();let u=Ls(n),f=Ls(a);return!Number.isFinite(u)||!Number.isFinite(f)?s("Enter both dates."):u>=f?s("“From” must be before “To”."):(s(""),t({from:String(u),to:String(f)}))}} aria-label="Absolute range">
    <label>From <input type="datetime-local" name="from" step="1" value=${n}
      onInput=${p=>r(p.currentTarget.value)} /></label>
    <label>To <input type="datetime-local" name="to" step="1" value=${a}
      onInput=${p=>o(p.currentTarget.value)} /></label>
    ${i&&c`<p class="field-error" role="alert">${i}</p>`}
    <button type="submit" class="btn btn-primary">Apply</button>
  </form>`}function Hi({auth:e,path:t,minimal:n=!1}){return c`<header class="app-header">
    <a class="skip-link" href="#main">Skip to content</a>
    <a class="brand" href="/ui/" aria-label="Ophion overview">
      <img src="/ui/favicon.svg" alt="" width="22" height="22" /><span>Ophion</span>
    </a>
    ${!n&&c`<nav class="app-nav" aria-label="Main">
      ${ad.map(r=>{let a=r.match?r.match(t):t===r.href||t.startsWith(`${r.href}/`);return c`<a href=${F(r.href)} class=${a?"active":""}
          aria-current=${a?"page":void 0}>${r.label}</a>`})}
    </nav>`}
    <div class="header-tools">
      ${!n&&c`<${od} />`}
      ${!n&&c`<${W$} />`}
      <${B$} />
      ${e.hasCredential&&e.status==="ready"&&c`<button type="button" class="btn btn-ghost"
        data-action="sign-out" onClick=${e.signOut}>Sign out</button>`}
    </div>
  </header>`}function W$(){let{data:e,error:t}=ae("/api/v1/whoami"),n=e?`${e.tenant} · ${e.actor}`:t?"identity unknown":"…",r=e?`Tenant ${e.tenant}, signed in as ${e.actor}${e.scopes?` (${e.scopes.join(", ")})`:""}`:void 0;return c`<div class="identity" data-testid="identity" title=${r}>
    <span class="identity-dot" aria-hidden="true"></span>
    <span class="sr-only">Signed in: </span>${n}
  </div>`}function B$(){let[e,t]=z(Gl()),n=e==="dark"?"light":"dark";return c`<button type="button" class="btn btn-ghost btn-icon" data-action="theme"
      aria-label=${`Switch to ${n} theme`} title=${`Switch to ${n} theme`}
      onClick=${()=>{Ql(n),t(n)}}>
    <span aria-hidden="true">${e==="dark"?"☀":"☾"}</span>
  </button>`}var sd={o:"/ui/",m:"/ui/service-map",t:"/ui/traces",l:"/ui/logs",x:"/ui/metrics",i:"/ui/insights",d:"/ui/dashboards"},j$=e=>e&&(e.isContentEditable||/^(INPUT|TEXTAREA|SELECT)$/.test(e.tagName));function id(){let e=0;document.addEventListener("keydown",t=>{if(!(t.defaultPrevented||t.ctrlKey||t.metaKey||t.altKey||j$(t.target))){if(t.key==="/"){let n=document.querySelector("main [data-search], main input[type=search]");n&&(t.preventDefault(),n.focus(),n.select&&n.select());return}if(t.key==="g"){e=Date.now();return}e&&Date.now()-e<1500&&sd[t.key]&&(t.preventDefault(),et(F(sd[t.key]))),e=0}})}function ld({auth:e}){let[t,n]=z(""),[r,a]=z(!1),[o,i]=z(null),s=async l=>{if(l.preventDefault(),!t.trim())return i(new Error("Enter an API key."));a(!0),i(null);try{await e.signInWithKey(t.trim())}catch(p){i(p.status===401||p.status===403?new Error("That key was not accepted. Check it, or ask an admin for a new one."):p),a(!1)}};return c`<${fe} name="signin" state=${o?"error":"ready"} title="Sign in">
    <div class="signin-card">
      <p class="muted">This Ophion requires a credential. Your key is kept only for this browser tab.</p>
      ${e.reason&&c`<p class="notice">${e.reason}</p>`}
      <form onSubmit=${s} class="form">
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
  <//>`}function cd({auth:e}){let[t,n]=z(null);return re(()=>{e.known&&e.finishOidc(Er(location.search)).then(r=>et(r,{replace:!0}),n)},[e.known]),c`<${fe} name="signin" state=${t?"error":"loading"} title="Signing in">
    ${t?c`<${J} title="Sign-in failed" error=${t} />
        <p><a href="/ui/">Back to sign-in</a></p>`:c`<${ee} label="Finishing sign-in" />`}
  <//>`}function K$(){let{path:e}=ws(),t=sc(),n=Ve(e);if(re(()=>{if(n.current===e)return;n.current=e;let o=document.getElementById("main");o&&!o.contains(document.activeElement)&&o.focus({preventScroll:!0})},[e]),e==="/ui/auth/callback")return c`<${cd} auth=${t} />`;if(t.status==="signin")return c`<${Hi} auth=${t} path=${e} minimal=${!0} /><${ld} auth=${t} />`;let r=rd(e),a=r.component;return c`<${Hi} auth=${t} path=${e} />
    <${a} key=${e} ...${r.params} />`}Yl();Kl(document);id();gs(c`<${K$} />`,document.getElementById("app"));
