//! The Kubernetes API test server (tests/common/kube_server/) driven by the real kube-rs client
//! and the real kubectl, through kubeconfig files written by the test.
// The helpers below panic as the failure report, like the tests themselves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::engine::{in_ci, skip_notice};
use common::kube_server::fixtures::{cluster_objects, objects_of_kind};
use common::kube_server::{
    ContextSpec, HangingServer, KubeServer, KubeconfigBuilder, KubeconfigFile, Scope, ServerSpec,
    Trust,
};
use futures_util::StreamExt;
use k8s_openapi::api::core::v1::{Namespace, Pod};
use kube::Api;
use kube::api::{ListParams, WatchEvent, WatchParams};
use kube::runtime::watcher::{self, Event};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const ADMIN_TOKEN: &str = "admin-token-0f4b2c";
const ALICE_TOKEN: &str = "alice-token-8d1e7a";

/// The demo cluster with an admin and alice, who may read only in shop.
fn demo_spec() -> ServerSpec {
    ServerSpec::new()
        .user("admin", ADMIN_TOKEN, Scope::Cluster)
        .namespaced_user("alice", ALICE_TOKEN, &["shop"])
        .objects(cluster_objects())
}

/// Contexts: admin (current), restricted (alice, namespace shop), anonymous (no token).
fn demo_kubeconfig(server: &KubeServer) -> KubeconfigFile {
    KubeconfigBuilder::new()
        .context(ContextSpec::new("admin", server).token(ADMIN_TOKEN))
        .context(
            ContextSpec::new("restricted", server)
                .token(ALICE_TOKEN)
                .namespace("shop"),
        )
        .context(ContextSpec::new("anonymous", server))
        .current("admin")
        .write()
}

fn names(objects: impl IntoIterator<Item = Value>) -> BTreeSet<String> {
    objects
        .into_iter()
        .map(|o| {
            o["metadata"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

fn pod_names(pods: &[Pod]) -> BTreeSet<String> {
    pods.iter()
        .map(|p| p.metadata.name.clone().unwrap_or_default())
        .collect()
}

fn fixture_pods_in(namespace: Option<&str>) -> BTreeSet<String> {
    names(
        objects_of_kind("Pod")
            .into_iter()
            .filter(|p| namespace.is_none_or(|ns| p["metadata"]["namespace"] == ns)),
    )
}

fn api_status(err: kube::Error) -> Box<kube::core::Status> {
    match err {
        kube::Error::Api(status) => status,
        other => panic!("expected an API error (a Status), got {other:?}"),
    }
}

/// The next event of a kube-rs watcher, within 5 s.
async fn next_event<K>(
    events: &mut (impl futures_util::Stream<Item = Result<Event<K>, watcher::Error>> + Unpin),
) -> Event<K> {
    tokio::time::timeout(Duration::from_secs(5), events.next())
        .await
        .expect("a watcher event within 5 s")
        .expect("the watcher goes on")
        .expect("no watcher error")
}

fn test_pod(name: &str, namespace: &str, tier: &str) -> Value {
    json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": { "name": name, "namespace": namespace, "labels": { "tier": tier } },
        "spec": { "containers": [{ "name": "app", "image": "busybox:1.36" }] },
        "status": { "phase": "Running" }
    })
}

// ---------------------------------------------------------------------------------------------
// kube-rs
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn kube_lists_pods_across_namespaces_over_https() {
    let server = KubeServer::start(demo_spec()).await;
    assert!(server.url().starts_with("https://127.0.0.1:"));
    let kubeconfig = demo_kubeconfig(&server);
    let client = kubeconfig.client(None).await;

    let pods: Api<Pod> = Api::all(client.clone());
    let listed = pods.list(&ListParams::default()).await.unwrap();
    assert_eq!(pod_names(&listed.items), fixture_pods_in(None));
    assert!(listed.metadata.resource_version.is_some());

    // Pages of 5 with continue tokens add up to the same list.
    let mut paged = Vec::new();
    let mut params = ListParams::default().limit(5);
    loop {
        let page = pods.list(&params).await.unwrap();
        assert!(page.items.len() <= 5);
        paged.extend(page.items);
        match page.metadata.continue_ {
            Some(token) if !token.is_empty() => params = params.continue_token(&token),
            _ => break,
        }
    }
    assert_eq!(paged.len(), listed.items.len());
    assert_eq!(pod_names(&paged), fixture_pods_in(None));

    let web = pods
        .list(&ListParams::default().labels("app.kubernetes.io/name=web"))
        .await
        .unwrap();
    assert_eq!(web.items.len(), 2);
    let legacy = pods
        .list(&ListParams::default().fields("metadata.namespace=legacy"))
        .await
        .unwrap();
    assert_eq!(pod_names(&legacy.items), fixture_pods_in(Some("legacy")));
    let in_shop: Api<Pod> = Api::namespaced(client.clone(), "shop");
    let one = in_shop.get("web-7c9d8f6b5d-x2x9k").await.unwrap();
    assert_eq!(one.spec.unwrap().node_name.as_deref(), Some("worker-a"));
    let missing = api_status(in_shop.get("nope").await.unwrap_err());
    assert_eq!((missing.code, missing.reason.as_str()), (404, "NotFound"));
    assert_eq!(missing.message, r#"pods "nope" not found"#);
}

#[tokio::test]
async fn kube_watcher_sees_pods_applied_and_deleted_after_it_started() {
    let server = KubeServer::start(demo_spec().bookmark_every(Duration::from_millis(300))).await;
    let kubeconfig = demo_kubeconfig(&server);
    let pods: Api<Pod> = Api::namespaced(kubeconfig.client(None).await, "shop");
    let mut events = watcher::watcher(pods, watcher::Config::default()).boxed();

    let mut initial = BTreeSet::new();
    loop {
        match next_event(&mut events).await {
            Event::Init => {}
            Event::InitApply(pod) => {
                initial.insert(pod.metadata.name.unwrap_or_default());
            }
            Event::InitDone => break,
            other => panic!("unexpected event before InitDone: {other:?}"),
        }
    }
    assert_eq!(initial, fixture_pods_in(Some("shop")));

    // Pods elsewhere are not this watch's business.
    server.apply(test_pod("elsewhere", "payments", "a"));
    server.apply(test_pod("late-arrival", "shop", "a"));
    match next_event(&mut events).await {
        Event::Apply(pod) => assert_eq!(pod.metadata.name.as_deref(), Some("late-arrival")),
        other => panic!("expected the applied pod, got {other:?}"),
    }
    server.apply(test_pod("late-arrival", "shop", "b"));
    match next_event(&mut events).await {
        Event::Apply(pod) => {
            let labels = pod.metadata.labels.unwrap_or_default();
            assert_eq!(labels.get("tier").map(String::as_str), Some("b"));
        }
        other => panic!("expected the modified pod, got {other:?}"),
    }
    let deleted = server.delete("pods", Some("shop"), "late-arrival");
    assert!(deleted.is_some());
    match next_event(&mut events).await {
        Event::Delete(pod) => assert_eq!(pod.metadata.name.as_deref(), Some("late-arrival")),
        other => panic!("expected the deleted pod, got {other:?}"),
    }
}

#[tokio::test]
async fn kube_watcher_lists_then_watches_and_resumes_when_a_watch_times_out() {
    let server = KubeServer::start(demo_spec().bookmark_every(Duration::from_millis(200))).await;
    let kubeconfig = demo_kubeconfig(&server);
    let pods: Api<Pod> = Api::all(kubeconfig.client(None).await);
    // The server ends each watch after 1 s; the watcher must resume from where it was.
    let config = watcher::Config::default().timeout(1);
    let mut events = watcher::watcher(pods, config).boxed();
    while !matches!(next_event(&mut events).await, Event::InitDone) {}
    let watches = |server: &KubeServer| {
        let requests = server.requests();
        requests
            .iter()
            .filter(|r| r.uri.contains("watch=true"))
            .count()
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while watches(&server) < 3 {
        assert!(
            Instant::now() < deadline,
            "the watcher watches again after each timeout"
        );
        // Polling drives the watcher: it watches again only when asked for its next event.
        if let Ok(event) = tokio::time::timeout(Duration::from_millis(100), events.next()).await {
            panic!("no change was made, yet the watcher said {event:?}");
        }
    }
    server.apply(test_pod("after-resume", "default", "a"));
    match next_event(&mut events).await {
        Event::Apply(pod) => assert_eq!(pod.metadata.name.as_deref(), Some("after-resume")),
        other => panic!("expected the applied pod, got {other:?}"),
    }
    let requests = server.requests();
    // kube-rs sends "/api/v1/pods?&limit=500": an empty pair, which the server skips.
    let list = &requests[0].uri;
    assert!(
        list.starts_with("/api/v1/pods?") && list.contains("limit=500") && !list.contains("watch"),
        "{:?}",
        requests[0]
    );
    let watches: Vec<_> = requests
        .iter()
        .filter(|r| r.uri.contains("watch=true"))
        .collect();
    assert!(watches.iter().all(|r| r.uri.contains("resourceVersion=")
        && r.uri.contains("allowWatchBookmarks=true")
        && r.uri.contains("timeoutSeconds=1")));
}

#[tokio::test]
async fn watch_stream_has_bookmarks_selector_transitions_and_ends_at_its_timeout() {
    let server = KubeServer::start(demo_spec().bookmark_every(Duration::from_millis(200))).await;
    let kubeconfig = demo_kubeconfig(&server);
    let pods: Api<Pod> = Api::namespaced(kubeconfig.client(None).await, "default");
    let params = WatchParams::default().labels("tier=a").timeout(2);
    let from = server.resource_version().to_string();
    let started = Instant::now();
    let mut events = pods.watch(&params, &from).await.unwrap().boxed();
    server.apply(test_pod("moves", "default", "a"));
    server.apply(test_pod("moves", "default", "b"));
    server.apply(test_pod("other-tier", "default", "b"));
    server.apply(test_pod("moves", "default", "a"));
    let mut seen = Vec::new();
    while let Some(event) = tokio::time::timeout(Duration::from_secs(5), events.next())
        .await
        .expect("the stream moves within 5 s")
    {
        seen.push(match event.unwrap() {
            WatchEvent::Added(p) => format!("ADDED {}", p.metadata.name.unwrap_or_default()),
            WatchEvent::Modified(p) => format!("MODIFIED {}", p.metadata.name.unwrap_or_default()),
            WatchEvent::Deleted(p) => format!("DELETED {}", p.metadata.name.unwrap_or_default()),
            WatchEvent::Bookmark(_) => "BOOKMARK".to_owned(),
            WatchEvent::Error(e) => panic!("{e:?}"),
        });
    }
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(1900) && took < Duration::from_secs(8),
        "{took:?}"
    );
    let changes: Vec<&String> = seen.iter().filter(|e| *e != "BOOKMARK").collect();
    // Leaving the selection is DELETED, coming back ADDED; the other tier is never seen.
    assert_eq!(
        changes,
        ["ADDED moves", "DELETED moves", "ADDED moves"],
        "{seen:?}"
    );
    assert!(seen.iter().any(|e| e == "BOOKMARK"), "{seen:?}");
}

#[tokio::test]
async fn kube_watcher_with_streaming_lists_gets_initial_events() {
    let server = KubeServer::start(demo_spec()).await;
    let kubeconfig = demo_kubeconfig(&server);
    let namespaces: Api<Namespace> = Api::all(kubeconfig.client(None).await);
    let config = watcher::Config::default().streaming_lists();
    let mut events = watcher::watcher(namespaces, config).boxed();
    let mut seen = BTreeSet::new();
    loop {
        match next_event(&mut events).await {
            Event::Init => {}
            Event::InitApply(ns) => {
                seen.insert(ns.metadata.name.unwrap_or_default());
            }
            Event::InitDone => break,
            other => panic!("unexpected event: {other:?}"),
        }
    }
    assert_eq!(seen, names(objects_of_kind("Namespace")));
    let watch = server
        .requests()
        .into_iter()
        .find(|r| r.uri.contains("watch=true"))
        .expect("a watch request");
    assert!(
        watch.uri.contains("sendInitialEvents=true"),
        "{}",
        watch.uri
    );
}

#[tokio::test]
async fn watch_from_a_compacted_resource_version_gets_410_gone() {
    let server = KubeServer::start(demo_spec()).await;
    let kubeconfig = demo_kubeconfig(&server);
    let pods: Api<Pod> = Api::all(kubeconfig.client(None).await);
    server.compact();
    server.apply(test_pod("after-compaction", "default", "a"));
    let mut events = pods
        .watch(&WatchParams::default(), "1")
        .await
        .unwrap()
        .boxed();
    let first = tokio::time::timeout(Duration::from_secs(5), events.next())
        .await
        .expect("an event within 5 s")
        .expect("one event")
        .unwrap();
    match first {
        WatchEvent::Error(status) => {
            assert_eq!((status.code, status.reason.as_str()), (410, "Expired"));
            assert!(status.message.starts_with("too old resource version: 1 ("));
        }
        other => panic!("expected a 410 ERROR event, got {other:?}"),
    }
    assert!(
        events.next().await.is_none(),
        "the stream ends after the error"
    );

    // From the current resourceVersion it works.
    let now = server.resource_version().to_string();
    let mut events = pods
        .watch(&WatchParams::default(), &now)
        .await
        .unwrap()
        .boxed();
    server.delete("Pod", Some("default"), "after-compaction");
    let event = tokio::time::timeout(Duration::from_secs(5), events.next())
        .await
        .expect("an event within 5 s")
        .expect("one event")
        .unwrap();
    assert!(matches!(event, WatchEvent::Deleted(_)), "{event:?}");
}

#[tokio::test]
async fn restricted_user_is_forbidden_outside_its_namespace() {
    let server = KubeServer::start(demo_spec()).await;
    let kubeconfig = demo_kubeconfig(&server);
    let client = kubeconfig.client(Some("restricted")).await;

    let all: Api<Pod> = Api::all(client.clone());
    let status = api_status(all.list(&ListParams::default()).await.unwrap_err());
    assert_eq!((status.code, status.reason.as_str()), (403, "Forbidden"));
    assert_eq!(
        status.message,
        r#"pods is forbidden: User "alice" cannot list resource "pods" in API group "" at the cluster scope"#
    );
    let payments: Api<Pod> = Api::namespaced(client.clone(), "payments");
    let status = api_status(payments.get("ledger-db-0").await.unwrap_err());
    assert_eq!(
        status.message,
        r#"pods "ledger-db-0" is forbidden: User "alice" cannot get resource "pods" in API group "" in the namespace "payments""#
    );
    let deployments: Api<k8s_openapi::api::apps::v1::Deployment> = Api::all(client.clone());
    let status = api_status(deployments.list(&ListParams::default()).await.unwrap_err());
    assert_eq!(
        status.message,
        r#"deployments.apps is forbidden: User "alice" cannot list resource "deployments" in API group "apps" at the cluster scope"#
    );

    // Its own namespace (the context's default) works, and discovery is open to it.
    let own: Api<Pod> = Api::default_namespaced(client.clone());
    let listed = own.list(&ListParams::default()).await.unwrap();
    assert_eq!(pod_names(&listed.items), fixture_pods_in(Some("shop")));
    assert_eq!(
        client.apiserver_version().await.unwrap().git_version,
        "v1.29.4"
    );
}

#[tokio::test]
async fn no_token_or_a_wrong_one_is_unauthorized() {
    let server = KubeServer::start(demo_spec()).await;
    let kubeconfig = KubeconfigBuilder::new()
        .context(ContextSpec::new("anonymous", &server))
        .context(ContextSpec::new("wrong", &server).token("not-a-token"))
        .write();
    for context in ["anonymous", "wrong"] {
        let pods: Api<Pod> = Api::all(kubeconfig.client(Some(context)).await);
        let status = api_status(pods.list(&ListParams::default()).await.unwrap_err());
        assert_eq!(
            (status.code, status.reason.as_str(), status.message.as_str()),
            (401, "Unauthorized", "Unauthorized"),
            "context {context}"
        );
    }
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.user.is_none() && r.status == 401)
    );
}

#[tokio::test]
async fn insecure_http_cluster_serves_anonymous_requests() {
    let server =
        KubeServer::start(ServerSpec::new().insecure_http().objects(cluster_objects())).await;
    assert!(server.url().starts_with("http://127.0.0.1:"));
    assert!(server.ca_pem().is_none());
    let kubeconfig = KubeconfigBuilder::new()
        .context(ContextSpec::new("insecure", &server))
        .write();
    let pods: Api<Pod> = Api::all(kubeconfig.client(None).await);
    let listed = pods.list(&ListParams::default()).await.unwrap();
    assert_eq!(pod_names(&listed.items), fixture_pods_in(None));
    assert_eq!(
        server
            .requests()
            .last()
            .and_then(|r| r.user.clone())
            .as_deref(),
        Some("system:anonymous")
    );
}

#[tokio::test]
async fn skip_tls_verify_context_connects_without_the_ca() {
    let server = KubeServer::start(demo_spec()).await;
    let kubeconfig = KubeconfigBuilder::new()
        .context(
            ContextSpec::new("skip", &server)
                .token(ADMIN_TOKEN)
                .insecure_skip_tls_verify(),
        )
        .context(ContextSpec::to_url("no-ca", &server.url(), Trust::Default).token(ADMIN_TOKEN))
        .write();
    let skip: Api<Namespace> = Api::all(kubeconfig.client(Some("skip")).await);
    assert_eq!(
        skip.list(&ListParams::default()).await.unwrap().items.len(),
        7
    );
    // Without the CA the server's certificate is not trusted.
    let no_ca: Api<Namespace> = Api::all(kubeconfig.client(Some("no-ca")).await);
    let err = no_ca.list(&ListParams::default()).await.unwrap_err();
    assert!(!matches!(err, kube::Error::Api(_)), "{err:?}");
}

#[tokio::test]
async fn apiserver_version_comes_from_the_spec() {
    let spec = demo_spec().version("v1.27.3-gke.1700");
    let server = KubeServer::start(spec).await;
    let client = demo_kubeconfig(&server).client(None).await;
    let info = client.apiserver_version().await.unwrap();
    assert_eq!(
        (
            info.git_version.as_str(),
            info.major.as_str(),
            info.minor.as_str()
        ),
        ("v1.27.3-gke.1700", "1", "27")
    );
}

#[tokio::test]
async fn discovery_shows_metrics_only_while_enabled() {
    let server = KubeServer::start(demo_spec()).await;
    let client = demo_kubeconfig(&server).client(None).await;
    let discovery = kube::Discovery::new(client.clone()).run().await.unwrap();
    for group in [
        "",
        "apps",
        "batch",
        "networking.k8s.io",
        "rbac.authorization.k8s.io",
        "metrics.k8s.io",
    ] {
        assert!(discovery.has_group(group), "group {group:?} is discovered");
    }
    let pods_metrics = hyper::Request::get("/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods")
        .body(Vec::new())
        .unwrap();
    let list: Value = client.request(pods_metrics).await.unwrap();
    assert_eq!(list["kind"], "PodMetricsList");
    assert_eq!(
        names(list["items"].as_array().cloned().unwrap_or_default()),
        BTreeSet::from([
            "checkout-5b8f9d7c4-zt6wq".to_owned(),
            "web-7c9d8f6b5d-q7m4p".to_owned(),
            "web-7c9d8f6b5d-x2x9k".to_owned(),
        ])
    );

    server.set_metrics(false);
    let discovery = kube::Discovery::new(client.clone()).run().await.unwrap();
    assert!(!discovery.has_group("metrics.k8s.io"));
    let nodes_metrics = hyper::Request::get("/apis/metrics.k8s.io/v1beta1/nodes")
        .body(Vec::new())
        .unwrap();
    let status = api_status(client.request::<Value>(nodes_metrics).await.unwrap_err());
    assert_eq!((status.code, status.reason.as_str()), (404, "NotFound"));
}

#[tokio::test]
async fn discovery_documents_and_errors_look_like_the_real_ones() {
    let server = KubeServer::start(demo_spec()).await;
    let client = demo_kubeconfig(&server).client(None).await;
    let get = |path: &str| hyper::Request::get(path).body(Vec::new()).unwrap();

    let core: Value = client.request(get("/api/v1")).await.unwrap();
    let pods = core["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "pods")
        .cloned()
        .unwrap();
    assert_eq!(
        pods,
        json!({
            "name": "pods", "singularName": "pod", "namespaced": true, "kind": "Pod",
            "verbs": ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
            "shortNames": ["po"], "categories": ["all"]
        })
    );
    let rbac: Value = client
        .request(get("/apis/rbac.authorization.k8s.io/v1"))
        .await
        .unwrap();
    assert_eq!(rbac["kind"], "APIResourceList");
    assert_eq!(rbac["groupVersion"], "rbac.authorization.k8s.io/v1");

    // A list has the real shape: typed kind, resourceVersion, items without kind of their own.
    let page: Value = client
        .request(get("/api/v1/namespaces/legacy/pods?limit=4"))
        .await
        .unwrap();
    assert_eq!(
        (page["kind"].as_str(), page["apiVersion"].as_str()),
        (Some("PodList"), Some("v1"))
    );
    assert_eq!(page["items"].as_array().map(Vec::len), Some(4));
    assert!(page["items"][0].get("kind").is_none());
    assert_eq!(page["metadata"]["remainingItemCount"], 7);
    let token = page["metadata"]["continue"].as_str().unwrap();
    let rest: Value = client
        .request(get(&format!(
            "/api/v1/namespaces/legacy/pods?limit=100&continue={token}"
        )))
        .await
        .unwrap();
    assert_eq!(rest["items"].as_array().map(Vec::len), Some(7));
    assert_eq!(
        rest["metadata"]["resourceVersion"],
        page["metadata"]["resourceVersion"]
    );

    for (path, code, reason) in [
        ("/apis/widgets.example.com/v1", 404, "NotFound"),
        (
            "/api/v1/namespaces/shop/pods/web-7c9d8f6b5d-x2x9k/log",
            404,
            "NotFound",
        ),
        ("/openapi/v2", 404, "NotFound"),
        ("/api/v1/pods?labelSelector=a%20in%20(b", 400, "BadRequest"),
        (
            "/api/v1/pods?fieldSelector=spec.nope%3Dx",
            400,
            "BadRequest",
        ),
        (
            "/apis/metrics.k8s.io/v1beta1/pods?watch=true",
            405,
            "MethodNotAllowed",
        ),
    ] {
        let status = api_status(client.request::<Value>(get(path)).await.unwrap_err());
        assert_eq!(
            (status.code, status.reason.as_str()),
            (code, reason),
            "{path}"
        );
    }
    let post = hyper::Request::post("/api/v1/namespaces/shop/pods")
        .body(b"{}".to_vec())
        .unwrap();
    let status = api_status(client.request::<Value>(post).await.unwrap_err());
    assert_eq!(status.code, 405);
}

#[tokio::test]
async fn hanging_server_makes_the_client_fail_in_time() {
    let hanging = HangingServer::start();
    let kubeconfig = KubeconfigBuilder::new()
        .context(
            ContextSpec::to_url("hanging", &hanging.url(), Trust::SkipVerify).token(ADMIN_TOKEN),
        )
        .write();
    let mut config = kubeconfig.kube_config(None).await;
    config.connect_timeout = Some(Duration::from_secs(2));
    config.read_timeout = Some(Duration::from_secs(2));
    config.write_timeout = Some(Duration::from_secs(2));
    let client = kube::Client::try_from(config).unwrap();
    let started = Instant::now();
    let outcome = tokio::time::timeout(Duration::from_secs(15), client.apiserver_version())
        .await
        .expect("the client gives up by itself, well within 15 s");
    let took = started.elapsed();
    assert!(outcome.is_err(), "{outcome:?}");
    assert!(took < Duration::from_secs(10), "took {took:?}");
    assert!(hanging.accepted() >= 1, "the client did connect");
}

#[tokio::test]
async fn server_side_mutations_keep_metadata_and_resolve_names() {
    let server = KubeServer::start(ServerSpec::new()).await;
    let stored = server.apply(test_pod("p", "shop", "a"));
    let uid = stored["metadata"]["uid"].clone();
    assert!(uid.is_string());
    assert_eq!(stored["metadata"]["resourceVersion"], "1");
    let replaced = server.apply(test_pod("p", "shop", "b"));
    assert_eq!(replaced["metadata"]["uid"], uid);
    assert_eq!(replaced["metadata"]["resourceVersion"], "2");
    // Namespaced objects without a namespace go to default.
    let mut bare = test_pod("q", "x", "a");
    bare["metadata"]
        .as_object_mut()
        .unwrap()
        .remove("namespace");
    assert_eq!(server.apply(bare)["metadata"]["namespace"], "default");
    assert!(server.get("po", None, "q").is_some());
    assert!(server.delete("v1/Pod", Some("default"), "q").is_some());
    assert!(server.delete("pods", Some("default"), "q").is_none());
    for kind in cluster_objects() {
        let name = kind["metadata"]["name"].as_str().unwrap().to_owned();
        let ns = kind["metadata"]["namespace"].as_str().map(str::to_owned);
        let api_version = kind["apiVersion"].as_str().unwrap().to_owned();
        let kind_name = kind["kind"].as_str().unwrap().to_owned();
        server.apply(kind);
        let what = format!("{api_version}/{kind_name}");
        assert!(
            server.delete(&what, ns.as_deref(), &name).is_some(),
            "{what} {name}"
        );
    }
    assert!(
        server
            .delete("deployments.apps", Some("shop"), "web")
            .is_none()
    );
}

#[test]
fn fixture_objects_are_valid_kubernetes_objects() {
    use k8s_openapi::api::{apps, batch, core, networking, rbac};
    fn parses<T: serde::de::DeserializeOwned>(object: &Value) {
        if let Err(e) = serde_json::from_value::<T>(object.clone()) {
            panic!("{} {}: {e}", object["kind"], object["metadata"]["name"]);
        }
    }
    let objects = cluster_objects();
    for object in &objects {
        match object["kind"].as_str().unwrap() {
            "Namespace" => parses::<core::v1::Namespace>(object),
            "Node" => parses::<core::v1::Node>(object),
            "Pod" => parses::<core::v1::Pod>(object),
            "ServiceAccount" => parses::<core::v1::ServiceAccount>(object),
            "Deployment" => parses::<apps::v1::Deployment>(object),
            "ReplicaSet" => parses::<apps::v1::ReplicaSet>(object),
            "DaemonSet" => parses::<apps::v1::DaemonSet>(object),
            "StatefulSet" => parses::<apps::v1::StatefulSet>(object),
            "Job" => parses::<batch::v1::Job>(object),
            "CronJob" => parses::<batch::v1::CronJob>(object),
            "NetworkPolicy" => parses::<networking::v1::NetworkPolicy>(object),
            "Role" => parses::<rbac::v1::Role>(object),
            "RoleBinding" => parses::<rbac::v1::RoleBinding>(object),
            "ClusterRole" => parses::<rbac::v1::ClusterRole>(object),
            "ClusterRoleBinding" => parses::<rbac::v1::ClusterRoleBinding>(object),
            "PodMetrics" | "NodeMetrics" => {
                assert_eq!(object["apiVersion"], "metrics.k8s.io/v1beta1");
            }
            other => panic!("unexpected kind {other}"),
        }
    }
    // The pod list documented at the top of tests/common/kube_server/fixtures.rs.
    let documented = [
        "shop/web-7c9d8f6b5d-x2x9k",
        "shop/web-7c9d8f6b5d-q7m4p",
        "shop/checkout-5b8f9d7c4-zt6wq",
        "shop/cart-cleanup-28595700-kq8zt",
        "payments/ledger-db-0",
        "payments/fraud-scorer-6f7b9c8d5-m2vhd",
        "monitoring/node-exporter-8xk2p",
        "monitoring/node-exporter-5tqlw",
        "kube-system/coredns-76f75df574-7vrqn",
        "default/debug-shell",
        "ci/docker-builder",
        "legacy/shm-cache",
        "legacy/proc-inspector",
        "legacy/msg-queue",
        "legacy/selinux-tool",
        "legacy/docs-site",
        "legacy/report-archive",
        "legacy/win-iis",
        "legacy/perf-profiler",
        "legacy/log-shipper",
        "legacy/syslog-relay",
        "legacy/backup-agent",
    ];
    let pods: BTreeSet<String> = objects_of_kind("Pod")
        .iter()
        .map(|p| {
            format!(
                "{}/{}",
                p["metadata"]["namespace"].as_str().unwrap(),
                p["metadata"]["name"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(pods, documented.iter().map(|p| (*p).to_owned()).collect());
    // Metrics for most running pods, not all.
    let with_metrics = names(objects_of_kind("PodMetrics"));
    for missing in [
        "cart-cleanup-28595700-kq8zt",
        "report-archive",
        "win-iis",
        "backup-agent",
    ] {
        assert!(!with_metrics.contains(missing), "{missing} has no metrics");
    }
    assert_eq!(with_metrics.len(), documented.len() - 4);
}

// ---------------------------------------------------------------------------------------------
// kubectl
// ---------------------------------------------------------------------------------------------

/// The kubectl binary on PATH. Missing: outside CI a skip notice and None; with CI=true a
/// panic (tests/run.sh installs it).
fn kubectl_available(test: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|dir| dir.join("kubectl"))
            .find(|candidate| candidate.is_file())
    });
    if found.is_none() {
        let why = "kubectl is not on PATH; tests/run.sh installs it";
        assert!(!in_ci(), "{test}: {why} (no test may skip when CI=true)");
        skip_notice(test, why);
    }
    found
}

/// Runs kubectl with the kubeconfig, a discovery cache of the test's own, and a HOME that is
/// not the user's.
fn kubectl(binary: &PathBuf, kubeconfig: &KubeconfigFile, args: &[&str]) -> Output {
    let cache = kubeconfig.dir().join("kube-cache");
    let mut command = Command::new(binary);
    command
        .arg("--kubeconfig")
        .arg(kubeconfig.path())
        .arg("--cache-dir")
        .arg(&cache)
        .arg("--request-timeout=20s")
        .args(args)
        .env("HOME", kubeconfig.dir())
        .env_remove("KUBECONFIG");
    command
        .output()
        .unwrap_or_else(|e| panic!("cannot run kubectl {}: {e}", args.join(" ")))
}

/// kubectl's standard output; panics with its standard error when it fails.
fn kubectl_ok(binary: &PathBuf, kubeconfig: &KubeconfigFile, args: &[&str]) -> String {
    let out = kubectl(binary, kubeconfig, args);
    assert!(
        out.status.success(),
        "kubectl {} failed ({}):\n{}",
        args.join(" "),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The first column of each row (or the second, with -A), header skipped.
fn column(table: &str, index: usize) -> BTreeSet<String> {
    table
        .lines()
        .skip(1)
        .filter_map(|line| line.split_whitespace().nth(index).map(str::to_owned))
        .collect()
}

#[test]
fn kubectl_get_pods_namespaces_and_bindings() {
    let Some(kubectl_bin) = kubectl_available("kubectl_get_pods_namespaces_and_bindings") else {
        return;
    };
    let server = KubeServer::start_blocking(demo_spec());
    let kubeconfig = demo_kubeconfig(&server);

    let pods = kubectl_ok(&kubectl_bin, &kubeconfig, &["get", "pods", "-A"]);
    assert!(pods.starts_with("NAMESPACE"), "{pods}");
    assert_eq!(column(&pods, 1), fixture_pods_in(None), "{pods}");
    assert_eq!(
        column(&pods, 0),
        names(objects_of_kind("Namespace")),
        "{pods}"
    );

    let namespaces = kubectl_ok(&kubectl_bin, &kubeconfig, &["get", "ns"]);
    assert_eq!(
        column(&namespaces, 0),
        names(objects_of_kind("Namespace")),
        "{namespaces}"
    );

    let bindings = kubectl_ok(&kubectl_bin, &kubeconfig, &["get", "clusterrolebindings"]);
    assert_eq!(
        column(&bindings, 0),
        names(objects_of_kind("ClusterRoleBinding")),
        "{bindings}"
    );
    assert!(column(&bindings, 0).contains("all-users-admin"));
}

#[test]
fn kubectl_top_pods_reads_the_metrics_api() {
    let Some(kubectl_bin) = kubectl_available("kubectl_top_pods_reads_the_metrics_api") else {
        return;
    };
    let server = KubeServer::start_blocking(demo_spec());
    let kubeconfig = demo_kubeconfig(&server);

    let all = kubectl_ok(&kubectl_bin, &kubeconfig, &["top", "pods", "-A"]);
    assert_eq!(
        column(&all, 1),
        names(objects_of_kind("PodMetrics")),
        "{all}"
    );
    // 1500000n is 1.5 millicores, which kubectl rounds up.
    let web = all
        .lines()
        .find(|l| l.contains("web-7c9d8f6b5d-x2x9k"))
        .expect("the web pod's row");
    assert_eq!(
        web.split_whitespace().collect::<Vec<_>>(),
        ["shop", "web-7c9d8f6b5d-x2x9k", "2m", "20Mi"]
    );

    let shop = kubectl_ok(&kubectl_bin, &kubeconfig, &["top", "pods", "-n", "shop"]);
    assert_eq!(
        column(&shop, 0),
        BTreeSet::from([
            "checkout-5b8f9d7c4-zt6wq".to_owned(),
            "web-7c9d8f6b5d-q7m4p".to_owned(),
            "web-7c9d8f6b5d-x2x9k".to_owned(),
        ]),
        "{shop}"
    );
    let checkout = shop
        .lines()
        .find(|l| l.contains("checkout"))
        .expect("the checkout row");
    // 123456Ki is 120.5Mi.
    assert_eq!(
        checkout.split_whitespace().collect::<Vec<_>>(),
        ["checkout-5b8f9d7c4-zt6wq", "15m", "120Mi"],
        "{shop}"
    );

    server.set_metrics(false);
    let out = kubectl(&kubectl_bin, &kubeconfig, &["top", "pods", "-A"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Metrics API not available"), "{stderr}");
}

#[test]
fn kubectl_restricted_context_is_forbidden_at_cluster_scope() {
    let Some(kubectl_bin) =
        kubectl_available("kubectl_restricted_context_is_forbidden_at_cluster_scope")
    else {
        return;
    };
    let server = KubeServer::start_blocking(demo_spec());
    let kubeconfig = demo_kubeconfig(&server);

    let out = kubectl(
        &kubectl_bin,
        &kubeconfig,
        &["--context", "restricted", "get", "pods", "-A"],
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            r#"Error from server (Forbidden): pods is forbidden: User "alice" cannot list resource "pods" in API group "" at the cluster scope"#
        ),
        "{stderr}"
    );
    // The context's namespace (shop) is allowed.
    let own = kubectl_ok(
        &kubectl_bin,
        &kubeconfig,
        &["--context", "restricted", "get", "pods"],
    );
    assert_eq!(column(&own, 0), fixture_pods_in(Some("shop")), "{own}");

    // A wrong token: 401. (With no credentials at all kubectl would prompt for a username,
    // with a real cluster too.)
    let wrong = KubeconfigBuilder::new()
        .context(ContextSpec::new("wrong", &server).token("not-a-token"))
        .write();
    let out = kubectl(&kubectl_bin, &wrong, &["get", "pods"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error: You must be logged in to the server"),
        "{stderr}"
    );
}
