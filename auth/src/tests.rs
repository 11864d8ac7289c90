//! Tokens signed with test keys (`auth/tests/fixtures`) against a local issuer that serves
//! OIDC discovery and a JWKS the test can rotate. Every forged token must be refused as
//! `Unauthenticated`; the genuine ones must yield the right tenant and scopes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use ophion_core::{Authenticate, ErrorKind, Scope, Scopes, TenantId};
use ophion_metadata::{MetadataStore, NewKey};
use ophion_testkit::eventually;
use serde_json::{Value, json};

use crate::{Authenticator, CACHE_LIMITS, CacheLimits, OidcConfig};

/// This crate's folder as `cargo test` gives it when the tests run (the compile-time value
/// names wherever the binary was built, which a shared build cache may have left elsewhere).
fn manifest_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| env!("CARGO_MANIFEST_DIR").into(), std::path::PathBuf::from)
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(manifest_dir().join("tests/fixtures").join(name)).unwrap()
}

fn jwk(name: &str) -> Value {
    let all: Value = serde_json::from_slice(&fixture("jwks.json")).unwrap();
    all[name].clone()
}

/// A local OIDC issuer whose published keys the test can change.
struct Issuer {
    url: String,
    keys: Arc<Mutex<Vec<Value>>>,
}

async fn issuer(keys: Vec<Value>) -> Issuer {
    let keys = Arc::new(Mutex::new(keys));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let url = format!("{base}/realms/ophion");
    let discovery = json!({"issuer": url, "jwks_uri": format!("{base}/realms/ophion/certs")});
    let app = Router::new()
        .route(
            "/realms/ophion/.well-known/openid-configuration",
            get(move || async move { Json(discovery) }),
        )
        .route(
            "/realms/ophion/certs",
            get(|State(keys): State<Arc<Mutex<Vec<Value>>>>| async move {
                let keys = keys.lock().unwrap().clone();
                Json(json!({ "keys": keys }))
            }),
        )
        .with_state(keys.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Issuer { url, keys }
}

fn now() -> i64 {
    i64::try_from(ophion_core::time::now_unix_nanos() / 1_000_000_000).unwrap()
}

fn claims(issuer: &str) -> Value {
    json!({
        "iss": issuer,
        "aud": ["account", "ophion"],
        "sub": "0b6f-user-1",
        "preferred_username": "alice",
        "exp": now() + 300,
        "iat": now(),
        "tenant_id": "team-a",
        "realm_access": {"roles": ["viewer", "offline_access"]},
    })
}

fn sign(alg: Algorithm, kid: Option<&str>, pem: &str, claims: &Value) -> String {
    let mut header = Header::new(alg);
    header.kid = kid.map(str::to_owned);
    let key = match alg {
        Algorithm::ES256 => EncodingKey::from_ec_pem(&fixture(pem)).unwrap(),
        Algorithm::HS256 => EncodingKey::from_secret(&fixture(pem)),
        _ => EncodingKey::from_rsa_pem(&fixture(pem)).unwrap(),
    };
    encode(&header, claims, &key).unwrap()
}

fn b64(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).unwrap())
}

async fn authenticator(issuer: &Issuer, dir: &std::path::Path) -> (Authenticator, MetadataStore) {
    let metadata = MetadataStore::open_dir(dir).await.unwrap();
    let config = OidcConfig {
        issuer: issuer.url.clone(),
        jwks_min_refresh: Duration::ZERO,
        ..OidcConfig::default()
    };
    (Authenticator::new(metadata.clone(), Some(config)).unwrap(), metadata)
}

#[tokio::test]
async fn genuine_tokens_give_the_tenant_and_the_roles() {
    let issuer = issuer(vec![jwk("rsa1"), jwk("ec1")]).await;
    let dir = tempfile::tempdir().unwrap();
    let (auth, metadata) = authenticator(&issuer, dir.path()).await;

    let token = sign(Algorithm::RS256, Some("rsa1"), "rsa1.pem", &claims(&issuer.url));
    let principal = auth.authenticate(Some(&token)).await.unwrap();
    assert_eq!(principal.tenant, TenantId::new("team-a").unwrap());
    assert_eq!(principal.actor, "user:alice");
    assert_eq!(principal.scopes, Scopes::of([Scope::Read]));

    let mut admin = claims(&issuer.url);
    admin["realm_access"]["roles"] = json!(["admin"]);
    let token = sign(Algorithm::ES256, Some("ec1"), "ec1.pem", &admin);
    let principal = auth.authenticate(Some(&token)).await.unwrap();
    assert!(Scope::ALL.iter().all(|s| principal.scopes.allows(*s)));

    // Within the leeway, a just-expired token still passes.
    let mut skewed = claims(&issuer.url);
    skewed["exp"] = json!(now() - 30);
    let token = sign(Algorithm::RS256, Some("rsa1"), "rsa1.pem", &skewed);
    assert!(auth.authenticate(Some(&token)).await.is_ok());

    let users = metadata.users(&TenantId::new("team-a").unwrap(), 10, None).await.unwrap().users;
    assert_eq!(users.len(), 1, "{users:?}");
    assert_eq!(users[0].username, "alice");
}

#[tokio::test]
async fn rotated_keys_are_picked_up_without_a_restart() {
    let issuer = issuer(vec![jwk("rsa1")]).await;
    let dir = tempfile::tempdir().unwrap();
    let (auth, _) = authenticator(&issuer, dir.path()).await;
    let old = sign(Algorithm::RS256, Some("rsa1"), "rsa1.pem", &claims(&issuer.url));
    auth.authenticate(Some(&old)).await.unwrap();

    *issuer.keys.lock().unwrap() = vec![jwk("rsa2")];
    let new = sign(Algorithm::RS256, Some("rsa2"), "rsa2.pem", &claims(&issuer.url));
    auth.authenticate(Some(&new)).await.expect("the new key is fetched on first sight");
}

/// Each case: what was forged, and the token.
fn forgeries(issuer: &str) -> Vec<(&'static str, String)> {
    let good = claims(issuer);
    let with = |key: &str, value: Value| {
        let mut c = good.clone();
        c[key] = value;
        c
    };
    let without = |key: &str| {
        let mut c = good.clone();
        c.as_object_mut().unwrap().remove(key);
        c
    };
    let rs = |c: &Value| sign(Algorithm::RS256, Some("rsa1"), "rsa1.pem", c);
    let genuine = rs(&good);
    let parts: Vec<&str> = genuine.split('.').collect();
    let mut tampered_claims = good.clone();
    tampered_claims["tenant_id"] = json!("team-b");
    let mut escalated = good.clone();
    escalated["realm_access"]["roles"] = json!(["admin"]);
    vec![
        ("alg none", format!("{}.{}.", b64(&json!({"alg": "none", "kid": "rsa1"})), b64(&good))),
        (
            "alg None, signature kept",
            format!("{}.{}.{}", b64(&json!({"alg": "None", "kid": "rsa1"})), parts[1], parts[2]),
        ),
        // The classic confusion: HS256 keyed with the RSA public key the JWKS publishes.
        (
            "HS256 with the public key as secret",
            sign(Algorithm::HS256, Some("rsa1"), "rsa1.pub.pem", &good),
        ),
        ("RS256 header on an EC key", sign(Algorithm::RS256, Some("ec1"), "rsa1.pem", &good)),
        (
            "PS256 where the key declares RS256",
            sign(Algorithm::PS256, Some("rsa1"), "rsa1.pem", &good),
        ),
        ("wrong issuer", rs(&with("iss", json!("http://evil.example/realms/ophion")))),
        ("wrong audience", rs(&with("aud", json!("account")))),
        ("expired beyond the leeway", rs(&with("exp", json!(now() - 3600)))),
        ("not yet valid", rs(&with("nbf", json!(now() + 3600)))),
        ("unknown kid", sign(Algorithm::RS256, Some("rsa9"), "rsa1.pem", &good)),
        ("no kid", sign(Algorithm::RS256, None, "rsa1.pem", &good)),
        (
            "signed by another key under a known kid",
            sign(Algorithm::RS256, Some("rsa1"), "attacker.pem", &good),
        ),
        ("tampered tenant claim", format!("{}.{}.{}", parts[0], b64(&tampered_claims), parts[2])),
        ("tampered roles claim", format!("{}.{}.{}", parts[0], b64(&escalated), parts[2])),
        ("signature stripped", format!("{}.{}.", parts[0], parts[1])),
        ("missing tenant claim", rs(&without("tenant_id"))),
        ("tenant claim not a valid tenant id", rs(&with("tenant_id", json!("../team-b")))),
        ("missing exp", rs(&without("exp"))),
        ("missing sub", rs(&without("sub"))),
        ("garbage", "not-a-token".into()),
    ]
}

#[tokio::test]
async fn forged_tokens_are_all_refused() {
    let issuer = issuer(vec![jwk("rsa1"), jwk("ec1")]).await;
    let dir = tempfile::tempdir().unwrap();
    let (auth, _) = authenticator(&issuer, dir.path()).await;
    let cases = forgeries(&issuer.url);
    assert!(cases.len() >= 13);
    let mut accepted = Vec::new();
    for (what, token) in &cases {
        match auth.authenticate(Some(token)).await {
            Err(err) if err.kind == ErrorKind::Unauthenticated => {}
            other => accepted.push(format!("{what}: {other:?}")),
        }
    }
    assert!(accepted.is_empty(), "forged tokens not refused: {accepted:#?}");
    println!("{} forged tokens tried, 0 accepted", cases.len());
}

#[tokio::test]
async fn api_keys_authenticate_until_revoked_or_expired() {
    let dir = tempfile::tempdir().unwrap();
    let metadata = MetadataStore::open_dir(dir.path()).await.unwrap();
    let auth = Authenticator::new(metadata.clone(), None).unwrap();
    let tenant = TenantId::new("team-a").unwrap();
    let new = |scopes, expires_at_ms| NewKey {
        tenant: &tenant,
        name: "otel",
        scopes,
        expires_at_ms,
        created_by: "test",
    };
    let (key, secret) = metadata.create_key(new(Scopes::of([Scope::Ingest]), None)).await.unwrap();
    let principal = auth.authenticate(Some(&secret)).await.unwrap();
    assert_eq!(principal.tenant, tenant);
    assert_eq!(principal.actor, format!("key:{}", key.id));
    assert!(principal.require(Scope::Ingest).is_ok());
    assert_eq!(principal.require(Scope::Read).unwrap_err().kind, ErrorKind::PermissionDenied);

    let refused =
        |result: ophion_core::Result<_>| result.unwrap_err().kind == ErrorKind::Unauthenticated;
    let mut wrong = secret.clone();
    wrong.replace_range(wrong.len() - 4.., "0000");
    assert!(refused(auth.authenticate(Some(&wrong)).await), "wrong secret");
    assert!(refused(auth.authenticate(Some("oph_0123456789abcdef_00")).await), "malformed");
    assert!(refused(auth.authenticate(None).await), "no credential");
    let jwt = format!("{}.{}.", b64(&json!({"alg": "RS256"})), b64(&json!({})));
    assert!(refused(auth.authenticate(Some(&jwt)).await), "a JWT with no issuer configured");

    metadata.revoke_key(Some(&tenant), &key.id).await.unwrap();
    auth.forget_key(&key.id);
    assert!(refused(auth.authenticate(Some(&secret)).await), "revoked");

    let (_, expired) = metadata.create_key(new(Scopes::of([Scope::Read]), Some(1))).await.unwrap();
    let err = auth.authenticate(Some(&expired)).await.unwrap_err();
    assert!(err.message.contains("expired"), "{err}");
}

#[tokio::test]
async fn verified_keys_are_trusted_for_the_ttl_in_a_bounded_cache() {
    let dir = tempfile::tempdir().unwrap();
    let metadata = MetadataStore::open_dir(dir.path()).await.unwrap();
    let tenant = TenantId::new("team-a").unwrap();
    let new = || NewKey {
        tenant: &tenant,
        name: "otel",
        scopes: Scopes::of([Scope::Ingest]),
        expires_at_ms: None,
        created_by: "test",
    };
    let refused = |result: ophion_core::Result<ophion_core::Principal>| {
        result.is_err_and(|e| e.kind == ErrorKind::Unauthenticated)
    };

    // A long TTL: a key revoked behind the cache's back is still trusted, from the cache ...
    let long = CacheLimits { key_ttl: Duration::from_secs(3600), keys: 2, ..CACHE_LIMITS };
    let auth = Authenticator::with_limits(metadata.clone(), None, long).unwrap();
    let mut secrets = Vec::new();
    for _ in 0..3 {
        let (key, secret) = metadata.create_key(new()).await.unwrap();
        auth.authenticate(Some(&secret)).await.unwrap();
        secrets.push((key, secret));
    }
    auth.keys.run_pending_tasks();
    assert!(auth.keys.entry_count() <= 2, "bounded: {}", auth.keys.entry_count());
    let (key, secret) = &secrets[2];
    auth.authenticate(Some(secret)).await.unwrap();
    metadata.revoke_key(Some(&tenant), &key.id).await.unwrap();
    assert!(auth.authenticate(Some(secret)).await.is_ok(), "served from the cache");
    // ... until this instance is told, as the API's revocation does.
    auth.forget_key(&key.id);
    assert!(refused(auth.authenticate(Some(secret)).await), "forgotten at once");

    // A short TTL: the revocation is seen once the entry expires.
    let short = CacheLimits { key_ttl: Duration::from_millis(1), ..CACHE_LIMITS };
    let auth = Authenticator::with_limits(metadata.clone(), None, short).unwrap();
    let (key, secret) = &secrets[1];
    auth.authenticate(Some(secret)).await.unwrap();
    metadata.revoke_key(Some(&tenant), &key.id).await.unwrap();
    let revoked = eventually(Duration::from_secs(10), || async {
        let answer = auth.authenticate(Some(secret)).await;
        if refused(answer) { Ok(()) } else { Err("still accepted") }
    });
    assert_eq!(revoked.await, Ok(()));
}

#[tokio::test]
async fn oidc_users_are_recorded_once_per_interval_and_remembered_in_a_bounded_set() {
    let issuer = issuer(vec![jwk("rsa1")]).await;
    let dir = tempfile::tempdir().unwrap();
    let metadata = MetadataStore::open_dir(dir.path()).await.unwrap();
    let config = OidcConfig {
        issuer: issuer.url.clone(),
        jwks_min_refresh: Duration::ZERO,
        ..OidcConfig::default()
    };
    let token = |subject: &str, role: &str| {
        let mut claims = claims(&issuer.url);
        claims["sub"] = json!(subject);
        claims["preferred_username"] = json!(subject);
        claims["realm_access"]["roles"] = json!([role]);
        sign(Algorithm::RS256, Some("rsa1"), "rsa1.pem", &claims)
    };
    let tenant = TenantId::new("team-a").unwrap();
    let scopes_of = async |subject: &str| {
        let users = metadata.users(&tenant, 10, None).await.unwrap().users;
        users.into_iter().find(|u| u.subject == subject).map(|u| u.scopes)
    };

    let limits = CacheLimits { users: 2, ..CACHE_LIMITS };
    let auth = Authenticator::with_limits(metadata.clone(), Some(config.clone()), limits).unwrap();
    for subject in ["u1", "u2", "u3"] {
        auth.authenticate(Some(&token(subject, "viewer"))).await.unwrap();
    }
    auth.users_recorded.run_pending_tasks();
    assert!(auth.users_recorded.entry_count() <= 2, "{}", auth.users_recorded.entry_count());
    for subject in ["u1", "u2", "u3"] {
        assert_eq!(scopes_of(subject).await.as_deref(), Some("read"), "{subject} recorded");
    }
    // Within the interval, a user's new roles wait for the next recording.
    let long = CacheLimits { user_record_interval: Duration::from_secs(3600), ..CACHE_LIMITS };
    let auth = Authenticator::with_limits(metadata.clone(), Some(config.clone()), long).unwrap();
    auth.authenticate(Some(&token("u4", "viewer"))).await.unwrap();
    auth.authenticate(Some(&token("u4", "admin"))).await.unwrap();
    assert_eq!(scopes_of("u4").await.as_deref(), Some("read"), "not recorded again");
    let short = CacheLimits { user_record_interval: Duration::from_millis(1), ..CACHE_LIMITS };
    let auth = Authenticator::with_limits(metadata.clone(), Some(config), short).unwrap();
    auth.authenticate(Some(&token("u4", "viewer"))).await.unwrap();
    let admin = token("u4", "admin");
    let recorded = eventually(Duration::from_secs(10), || async {
        auth.authenticate(Some(&admin)).await.unwrap();
        match scopes_of("u4").await {
            Some(scopes) if scopes == "admin" => Ok(()),
            other => Err(other),
        }
    });
    assert_eq!(recorded.await, Ok(()));
}

#[test]
fn auth_is_required_beyond_loopback_unless_disabled_explicitly() {
    use crate::AuthMode;
    let loopback: std::net::SocketAddr = "127.0.0.1:8080".parse().unwrap();
    let v6_loopback: std::net::SocketAddr = "[::1]:4317".parse().unwrap();
    let any: std::net::SocketAddr = "0.0.0.0:4317".parse().unwrap();
    assert!(!AuthMode::Auto.resolve(&[loopback, v6_loopback]));
    assert!(AuthMode::Auto.resolve(&[loopback, any]));
    assert!(AuthMode::Required.resolve(&[loopback]));
    assert!(!AuthMode::Disabled.resolve(&[any]));
}

/// The example realm in `examples/keycloak` issues what the default settings expect.
#[test]
fn the_example_keycloak_realm_matches_the_default_claims() {
    let path = manifest_dir().join("../examples/keycloak/ophion-realm.json");
    let realm: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let defaults = OidcConfig::default();
    let roles: Vec<&str> = realm["roles"]["realm"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    let names = &defaults.roles;
    for role in [&names.admin, &names.operator, &names.viewer, &names.ingest] {
        assert!(roles.contains(&role.as_str()), "realm role {role} missing");
    }
    let mappers = realm["clients"][0]["protocolMappers"].as_array().unwrap();
    let config = |kind: &str| {
        mappers.iter().find(|m| m["protocolMapper"] == kind).unwrap()["config"].clone()
    };
    assert_eq!(
        config("oidc-audience-mapper")["included.client.audience"],
        defaults.audience.as_str()
    );
    assert_eq!(
        config("oidc-usermodel-attribute-mapper")["claim.name"],
        defaults.tenant_claim.as_str()
    );
    assert_eq!(defaults.roles_claim, "realm_access.roles", "where Keycloak puts realm roles");
}
