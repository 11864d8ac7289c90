//! Every test runs on both dialects: a SQLite file and a throwaway PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, SystemTime};

use ophion_core::{ErrorKind, Scope, Scopes, TenantId};
use ophion_testkit::servers::Postgres;

use crate::{AuditFilter, AuditRecord, MetadataStore, NewKey, Outcome, parse_key};

fn tenant(id: &str) -> TenantId {
    TenantId::new(id).unwrap()
}

async fn on_both_dialects<F, Fut>(test: F)
where
    F: Fn(MetadataStore) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let dir = tempfile::tempdir().unwrap();
    test(MetadataStore::open_dir(dir.path()).await.unwrap()).await;
    let postgres = Postgres::start();
    test(MetadataStore::open(&postgres.url).await.unwrap()).await;
}

fn new_key<'a>(tenant: &'a TenantId, scopes: &[Scope]) -> NewKey<'a> {
    NewKey {
        tenant,
        name: "ci",
        scopes: Scopes::of(scopes.iter().copied()),
        expires_at_ms: None,
        created_by: "test",
    }
}

#[tokio::test]
async fn keys_verify_only_with_their_secret_and_stop_when_revoked() {
    on_both_dialects(|store| async move {
        let a = tenant("team-a");
        let (key, secret) =
            store.create_key(new_key(&a, &[Scope::Ingest, Scope::Read])).await.unwrap();
        assert!(parse_key(&secret).is_some(), "{secret}");
        let found = store.verify_key(&secret).await.unwrap().expect("key verifies");
        assert_eq!(found, key);
        assert_eq!(found.scopes().to_list(), "ingest,read");
        assert_eq!(found.unusable(0), None);

        // One changed character of the secret: not a key.
        let mut forged = secret.clone();
        let last = forged.pop().unwrap();
        forged.push(if last == '0' { '1' } else { '0' });
        assert_eq!(store.verify_key(&forged).await.unwrap(), None);
        assert_eq!(store.verify_key("oph_nothex").await.unwrap(), None);

        // Another tenant can neither see nor revoke it.
        let b = tenant("team-b");
        assert!(store.list_keys(Some(&b)).await.unwrap().is_empty());
        let err = store.revoke_key(Some(&b), &key.id).await.unwrap_err();
        assert_eq!(err.kind, ErrorKind::NotFound);

        let revoked = store.revoke_key(Some(&a), &key.id).await.unwrap();
        assert!(revoked.revoked_at_ms.is_some());
        let again = store.verify_key(&secret).await.unwrap().unwrap();
        assert_eq!(again.unusable(crate::now_ms()), Some("the API key was revoked"));
        assert_eq!(store.tenants().await.unwrap(), vec!["team-a".to_string()]);
    })
    .await;
}

#[tokio::test]
async fn keys_and_users_page_by_keyset_within_their_tenant() {
    on_both_dialects(|store| async move {
        let (a, b) = (tenant("a"), tenant("b"));
        for _ in 0..7 {
            store.create_key(new_key(&a, &[Scope::Read])).await.unwrap();
        }
        let (b_key, _) = store.create_key(new_key(&b, &[Scope::Read])).await.unwrap();
        let mut paged = Vec::new();
        let mut cursor = None;
        loop {
            let page = store.keys_page(&a, 3, cursor.as_deref()).await.unwrap();
            assert!(page.keys.len() <= 3);
            paged.extend(page.keys.into_iter().map(|k| k.id));
            let Some(next) = page.next_cursor else { break };
            cursor = Some(next);
        }
        let all: Vec<String> =
            store.list_keys(Some(&a)).await.unwrap().into_iter().map(|k| k.id).collect();
        assert_eq!(paged, all, "every key once, oldest first");
        for foreign in [b_key.id.as_str(), "0123456789abcdef", "not-a-key"] {
            let err = store.keys_page(&a, 3, Some(foreign)).await.unwrap_err();
            assert_eq!(err.kind, ErrorKind::InvalidInput, "{foreign}: {err}");
        }

        // Usernames repeat and subjects are any string: the subject breaks ties.
        let users =
            [("s3", "bob"), ("s2", "alice"), ("s1", "alice"), ("s/é 5", "dave"), ("s4", "")];
        for (subject, username) in users {
            store.record_user(&a, subject, username, "read").await.unwrap();
        }
        store.record_user(&b, "sb", "bob", "read").await.unwrap();
        let mut paged = Vec::new();
        let mut cursor = None;
        loop {
            let page = store.users(&a, 2, cursor.as_deref()).await.unwrap();
            assert!(page.users.len() <= 2);
            paged.extend(page.users.into_iter().map(|u| u.subject));
            let Some(next) = page.next_cursor else { break };
            cursor = Some(next);
        }
        assert_eq!(paged, ["s4", "s1", "s2", "s3", "s/é 5"], "by username, then subject");
        for foreign in [hex::encode("sb"), hex::encode("nobody"), "zz".to_string()] {
            let err = store.users(&a, 2, Some(&foreign)).await.unwrap_err();
            assert_eq!(err.kind, ErrorKind::InvalidInput, "{foreign}: {err}");
        }
    })
    .await;
}

#[tokio::test]
async fn expired_keys_say_so() {
    on_both_dialects(|store| async move {
        let a = tenant("a");
        let mut new = new_key(&a, &[Scope::Read]);
        new.expires_at_ms = Some(crate::now_ms() - 1);
        let (_, secret) = store.create_key(new).await.unwrap();
        let key = store.verify_key(&secret).await.unwrap().unwrap();
        assert_eq!(key.unusable(crate::now_ms()), Some("the API key has expired"));
        assert!(store.create_key(new_key(&a, &[])).await.is_err(), "no scopes");
    })
    .await;
}

#[tokio::test]
async fn audit_records_are_tenant_scoped_filtered_paged_and_append_only() {
    on_both_dialects(|store| async move {
        let (a, b) = (tenant("a"), tenant("b"));
        for i in 0..5 {
            let mut record = AuditRecord::now(&a, "key:1", "keys.create", &format!("k{i}"));
            if i == 4 {
                record.outcome = Outcome::Denied;
                record.status = 403;
            }
            store.append_audit(&record).await.unwrap();
        }
        store.append_audit(&AuditRecord::now(&b, "key:2", "keys.revoke", "kb")).await.unwrap();

        let all =
            store.audit_logs(&a, &AuditFilter { limit: 100, ..Default::default() }).await.unwrap();
        assert_eq!(all.records.len(), 5);
        assert!(all.records.iter().all(|r| r.tenant == "a"));
        assert_eq!(all.records[0].target, "k4", "newest first");

        let page =
            store.audit_logs(&a, &AuditFilter { limit: 2, ..Default::default() }).await.unwrap();
        assert_eq!(page.records.len(), 2);
        let next =
            AuditFilter { limit: 10, cursor: page.next_cursor.clone(), ..Default::default() };
        let rest = store.audit_logs(&a, &next).await.unwrap();
        assert_eq!(rest.records.len(), 3);
        assert!(rest.next_cursor.is_none());

        let denied =
            AuditFilter { limit: 10, outcome: Some("denied".into()), ..Default::default() };
        let denied = store.audit_logs(&a, &denied).await.unwrap();
        assert_eq!(denied.records.len(), 1);
        assert_eq!(denied.records[0].status, 403);
        let since = AuditFilter {
            limit: 10,
            start_ms: Some(all.records[1].time_ms),
            action: Some("keys.create".into()),
            ..Default::default()
        };
        assert!(store.audit_logs(&a, &since).await.unwrap().records.len() >= 2);

        let id = &all.records[0].id;
        assert!(store.audit_log(&a, id).await.unwrap().is_some());
        assert!(
            store.audit_log(&b, id).await.unwrap().is_none(),
            "tenant b cannot read a's record"
        );

        // The database refuses to change history.
        assert!(
            sqlx::query("UPDATE audit_log SET outcome = 'success'")
                .execute(&store.pool)
                .await
                .is_err()
        );
        assert!(sqlx::query("DELETE FROM audit_log").execute(&store.pool).await.is_err());
    })
    .await;
}

#[tokio::test]
async fn records_made_within_one_millisecond_list_in_append_order() {
    on_both_dialects(|store| async move {
        let a = tenant("a");
        let time_ms = crate::now_ms();
        for i in 0..200 {
            let record = AuditRecord::at(time_ms, &a, "key:1", "keys.create", &format!("k{i:03}"));
            store.append_audit(&record).await.unwrap();
        }
        let mut targets = Vec::new();
        let mut cursor = None;
        loop {
            let filter = AuditFilter { limit: 30, cursor, ..Default::default() };
            let page = store.audit_logs(&a, &filter).await.unwrap();
            assert!(page.records.iter().all(|r| r.time_ms == time_ms));
            targets.extend(page.records.into_iter().map(|r| r.target));
            let Some(next) = page.next_cursor else { break };
            cursor = Some(next);
        }
        let appended: Vec<String> = (0..200).rev().map(|i| format!("k{i:03}")).collect();
        assert_eq!(targets, appended, "newest first, exactly in append order");
    })
    .await;
}

#[tokio::test]
async fn an_audit_cursor_must_be_a_record_id() {
    on_both_dialects(|store| async move {
        let a = tenant("a");
        // A record from before ULIDs, with an id of 13 hex digits of milliseconds and 8 random.
        let mut legacy = AuditRecord::now(&a, "key:1", "keys.create", "legacy");
        legacy.id = format!("{:013x}0a0b0c0d", legacy.time_ms);
        store.append_audit(&legacy).await.unwrap();
        let record = AuditRecord::now(&a, "key:1", "keys.create", "k");
        store.append_audit(&record).await.unwrap();
        let page = |cursor: &str| {
            let filter =
                AuditFilter { limit: 10, cursor: Some(cursor.into()), ..Default::default() };
            let store = store.clone();
            let a = a.clone();
            async move { store.audit_logs(&a, &filter).await }
        };
        for garbage in [
            "garbage",
            "o100",
            "' OR 1=1 --",
            "0019a0b0c0d0e0f",
            "01ARZ3NDEKTSV4RRFFQ69G5FAVU",
            "ZZZZZZZZZZZZZZZZZZZZZZZZZZ",
        ] {
            let err = page(garbage).await.unwrap_err();
            assert_eq!(err.kind, ErrorKind::InvalidInput, "{garbage:?}");
            assert!(err.message.contains("not an audit record id"), "{err}");
        }
        let targets = |records: Vec<AuditRecord>| -> Vec<String> {
            records.into_iter().map(|r| r.target).collect()
        };
        let later = SystemTime::now() + Duration::from_secs(60);
        let newer = ulid::Ulid::from_datetime(later).to_string();
        assert_eq!(targets(page(&newer).await.unwrap().records), ["k", "legacy"]);
        assert_eq!(targets(page(&newer.to_lowercase()).await.unwrap().records), ["k", "legacy"]);
        // The legacy record sorts older than every ULID, and pages like one.
        assert_eq!(targets(page(&record.id).await.unwrap().records), ["legacy"]);
        assert!(page(&legacy.id).await.unwrap().records.is_empty());
    })
    .await;
}

#[tokio::test]
async fn migrations_are_idempotent_and_users_upsert() {
    let dir = tempfile::tempdir().unwrap();
    let store = MetadataStore::open_dir(dir.path()).await.unwrap();
    let a = tenant("a");
    store.record_user(&a, "sub-1", "alice", "read").await.unwrap();
    store.record_user(&a, "sub-1", "alice", "admin").await.unwrap();
    store.close().await;
    let store = MetadataStore::open_dir(dir.path()).await.unwrap();
    let users = store.users(&a, 10, None).await.unwrap().users;
    assert_eq!(users.len(), 1);
    assert_eq!(users[0].scopes, "admin");
    assert!(store.users(&tenant("b"), 10, None).await.unwrap().users.is_empty());
    assert_eq!(store.tenants().await.unwrap(), ["a"], "an OIDC user records its tenant");
}

#[tokio::test]
async fn dashboards_are_kept_per_tenant_replaced_deleted_and_paged_newest_first() {
    on_both_dialects(|store| async move {
        let (a, b) = (tenant("a"), tenant("b"));
        let input = |title: &'static str| crate::DashboardInput {
            title,
            description: "",
            panel_count: 2,
            body: r#"{"panels": []}"#,
        };
        let mut made = Vec::new();
        for title in ["one", "two", "three", "four", "five"] {
            made.push(store.create_dashboard(&a, input(title)).await.unwrap());
        }
        let theirs = store.create_dashboard(&b, input("b's")).await.unwrap();
        assert_eq!(made[0].id.len(), 26, "a ULID");

        let first = &made[0];
        assert_eq!(store.dashboard(&a, &first.id).await.unwrap().as_ref(), Some(first));
        let lower = first.id.to_lowercase();
        assert_eq!(store.dashboard(&a, &lower).await.unwrap().as_ref(), Some(first));
        // Another tenant's id, or no id at all, is simply not there.
        for id in [theirs.id.as_str(), "nope", "' OR 1=1 --", "8ZZZZZZZZZZZZZZZZZZZZZZZZZ"] {
            assert_eq!(store.dashboard(&a, id).await.unwrap(), None, "{id}");
            assert!(store.update_dashboard(&a, id, input("x")).await.unwrap().is_none(), "{id}");
            assert!(!store.delete_dashboard(&a, id).await.unwrap(), "{id}");
        }
        assert_eq!(store.dashboard(&b, &theirs.id).await.unwrap().unwrap().title, "b's");

        let replaced = crate::DashboardInput {
            title: "renamed",
            description: "why",
            panel_count: 7,
            body: r#"{"panels": [1]}"#,
        };
        let updated = store.update_dashboard(&a, &first.id, replaced).await.unwrap().unwrap();
        assert_eq!(
            (updated.title.as_str(), updated.description.as_str(), updated.panel_count),
            ("renamed", "why", 7)
        );
        assert_eq!(updated.body, r#"{"panels": [1]}"#);
        assert_eq!(updated.created_at_ms, first.created_at_ms);
        assert!(updated.updated_at_ms >= first.updated_at_ms);

        let mut listed = Vec::new();
        let mut cursor = None;
        loop {
            let page = store.dashboards(&a, 2, cursor.as_deref()).await.unwrap();
            assert!(page.dashboards.len() <= 2);
            listed.extend(page.dashboards.into_iter().map(|d| d.id));
            let Some(next) = page.next_cursor else { break };
            cursor = Some(next);
        }
        let newest_first: Vec<String> = made.iter().rev().map(|d| d.id.clone()).collect();
        assert_eq!(listed, newest_first);
        let err = store.dashboards(&a, 2, Some("garbage")).await.unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidInput);

        assert!(store.delete_dashboard(&a, &first.id).await.unwrap());
        assert!(!store.delete_dashboard(&a, &first.id).await.unwrap(), "gone already");
        assert_eq!(store.dashboards(&a, 100, None).await.unwrap().dashboards.len(), 4);
        assert_eq!(store.dashboards(&b, 100, None).await.unwrap().dashboards.len(), 1);
    })
    .await;
}

#[tokio::test]
async fn alert_rules_alerts_and_their_events_are_per_tenant_on_both_dialects() {
    on_both_dialects(|store| async move {
        let (a, b) = (tenant("a"), tenant("b"));
        let rule = store.create_alert_rule(&a, "errors", true, "{}").await.unwrap();
        let off = store.create_alert_rule(&a, "off", false, "{}").await.unwrap();
        store.create_alert_rule(&b, "b's", true, "{}").await.unwrap();
        assert_eq!(store.alert_rule(&b, &rule.id).await.unwrap(), None);
        let enabled: Vec<String> = store
            .enabled_alert_rules()
            .await
            .unwrap()
            .into_iter()
            .map(|(t, r)| format!("{t}/{}", r.name))
            .collect();
        assert_eq!(enabled, ["a/errors", "b/b's"]);
        store.set_alert_rule_health(&a, &rule.id, r#"{"series": 1}"#).await.unwrap();
        let updated =
            store.update_alert_rule(&a, &rule.id, "errors!", true, "{}").await.unwrap().unwrap();
        assert_eq!(
            (updated.name.as_str(), updated.health.as_str()),
            ("errors!", "{}"),
            "a new rule's health starts again"
        );
        assert!(store.update_alert_rule(&b, &rule.id, "x", true, "{}").await.unwrap().is_none());
        let page = store.alert_rules(&a, 1, None).await.unwrap();
        assert_eq!(page.rules[0].id, off.id, "newest first");
        let next = store.alert_rules(&a, 1, page.next_cursor.as_deref()).await.unwrap();
        assert_eq!((next.rules[0].id.as_str(), next.next_cursor), (rule.id.as_str(), None));

        let alert = |id: String, state: &str| crate::StoredAlert {
            id,
            rule_id: rule.id.clone(),
            fingerprint: "f1".into(),
            state: state.into(),
            status: "open".into(),
            body: "{}".into(),
            updated_at_ms: 1,
        };
        let first = alert(crate::new_id(1), "pending");
        store.save_alert(&a, &first, &[("pending", "{}".into())], &[]).await.unwrap();
        let firing = alert(first.id.clone(), "firing");
        store.save_alert(&a, &firing, &[("firing", r#"{"value": 2}"#.into())], &[]).await.unwrap();
        assert_eq!(store.alert(&a, &first.id).await.unwrap().unwrap().state, "firing", "upserted");
        assert_eq!(store.alert(&b, &first.id).await.unwrap(), None);
        assert_eq!(store.active_alerts_of_rule(&a, &rule.id).await.unwrap().len(), 1);
        let kinds: Vec<String> =
            store.alert_events(&a, &first.id).await.unwrap().into_iter().map(|e| e.kind).collect();
        assert_eq!(kinds, ["pending", "firing"]);
        assert!(store.alert_events(&b, &first.id).await.unwrap().is_empty());
        let second = alert(crate::new_id(2), "resolved");
        store.save_alert(&a, &second, &[], &[]).await.unwrap();
        assert_eq!(store.latest_alert(&a, "f1").await.unwrap().unwrap().id, second.id);
        let filter = |states: &[&str]| crate::AlertFilter {
            states: states.iter().map(|s| s.to_string()).collect(),
            limit: 10,
            ..Default::default()
        };
        assert_eq!(store.alerts(&a, &filter(&["firing"])).await.unwrap().alerts.len(), 1);
        assert_eq!(
            store
                .alerts(&a, &filter(&["pending", "firing", "resolved"]))
                .await
                .unwrap()
                .alerts
                .len(),
            2
        );
        assert_eq!(store.alerts(&b, &filter(&[])).await.unwrap().alerts.len(), 0);
        store.delete_alert(&a, &first.id).await.unwrap();
        assert!(store.alert_events(&a, &first.id).await.unwrap().is_empty());

        // The outbox: one notification per channel and key, leased by one taker.
        let decided = [crate::NewNotification {
            channel_id: "c1".into(),
            idempotency_key: "k1".into(),
            body: "{}".into(),
        }];
        store.save_alert(&a, &second, &[], &decided).await.unwrap();
        store.save_alert(&a, &second, &[], &decided).await.unwrap(); // decided again: skipped
        let due = store.due_notifications(i64::MAX / 2, 10).await.unwrap();
        assert_eq!(due.len(), 1);
        assert!(store.lease_notification(&due[0], 100, 1_000).await.unwrap());
        assert!(!store.lease_notification(&due[0], 100, 1_000).await.unwrap(), "leased once");
        store.settle_notification(&due[0], "sent", 0, "", 200).await.unwrap();
        let status = store.notifications_of_alert(&a, &second.id).await.unwrap();
        assert_eq!(
            (status[0].state.as_str(), status[0].attempts, status[0].sent_at_ms),
            ("sent", 1, Some(200))
        );
        assert!(store.notifications_of_alert(&b, &second.id).await.unwrap().is_empty());
    })
    .await;
}
