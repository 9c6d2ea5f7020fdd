//! The widget runs under a strict Content-Security-Policy, the policy is really
//! enforced, and the page exposes nothing of the widget to other scripts.

use e2e::*;
use serde_json::Value;

#[tokio::test]
async fn the_widget_works_under_a_strict_content_security_policy() {
    let server = TestServer::start().await;
    let url = server.url();
    with_browser(PHONE.width, PHONE.height, move |client| async move {
        client.goto(&url).await.unwrap();
        wait_for(&client, START_BUTTON).await.click().await.unwrap();
        wait_for_h1(&client, "What is your date of birth?").await;

        let policy = client
            .execute("return document.querySelector('meta[http-equiv=Content-Security-Policy]').content", vec![])
            .await
            .unwrap();
        let policy = policy.as_str().unwrap();
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval'"), "{policy}");
        assert!(policy.contains("connect-src 'self'"), "{policy}");
        assert!(!policy.contains("unsafe-inline") && !policy.contains("'unsafe-eval'"), "{policy}");

        // The page's own loader and stylesheet are in it, each allowed by
        // its hash, worked out here by the browser: the policy names
        // exactly these, and nothing inline besides.
        let unlisted = client
            .execute(
                "const hash = async text => \"'sha256-\" + btoa(String.fromCharCode(...new Uint8Array(
                     await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))))) + \"'\";
                 const policy = document.querySelector('meta[http-equiv=Content-Security-Policy]').content;
                 const inline = [...document.querySelectorAll('script:not([src]), style')];
                 const hashes = await Promise.all(inline.map(e => hash(e.textContent)));
                 const listed = policy.match(/'sha256-[^']+'/g) || [];
                 return [inline.length, hashes.filter(h => !policy.includes(h)), listed.filter(h => !hashes.includes(h))]",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(
            unlisted,
            serde_json::json!([2, [], []]),
            "[inline texts, those the policy does not name, hashes the policy names of no text]"
        );

        // The policy is enforced: a script injected inline does not run.
        let injected = client
            .execute(
                "const s = document.createElement('script'); s.textContent = 'window.__injected = 1';
                 document.body.appendChild(s); return window.__injected === undefined",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(injected, Value::Bool(true), "an inline script ran despite the policy");
        let restyled = client
            .execute(
                "const s = document.createElement('style'); s.textContent = 'body { display: none }';
                 document.head.appendChild(s); return getComputedStyle(document.body).display",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(restyled, "block", "an inline style applied despite the policy");

        let exposed = client.execute("return typeof window.wasmBindings", vec![]).await.unwrap();
        assert_eq!(exposed, "undefined", "the widget's bindings are not put on window");
    })
    .await;
}

/// The three pages are separate builds of separate HTML files: each must keep
/// index.html's strict policy, allowing inline only its own loader and
/// stylesheets (by hash, which the browser test above checks), and load its
/// code only from its own build's folder.
#[test]
fn every_page_of_the_build_has_the_same_strict_policy_and_its_own_code() {
    let policy_of = |html: &str| {
        let start = html
            .find("http-equiv=\"Content-Security-Policy\"")
            .expect("a Content-Security-Policy meta element");
        let content = &html[start..];
        let content = &content[content.find("content=\"").unwrap() + 9..];
        content[..content.find('"').unwrap()].to_owned()
    };
    let without_hashes = |policy: &str| {
        policy
            .split(' ')
            .filter(|source| !source.starts_with("'sha256-"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let page = |name: &str| {
        let path = dist_dir().join(name);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (run scripts/build.sh)", path.display()))
    };
    let index = page("index.html");
    for (name, folder, stylesheets) in [
        ("index.html", "/", 1),
        ("embed.html", "/embed/", 1),
        ("clinic.html", "/clinic/", 2),
    ] {
        let html = page(name);
        let policy = policy_of(&html);
        assert_eq!(
            without_hashes(&policy),
            without_hashes(&policy_of(&index)),
            "{name}'s policy is index.html's"
        );
        assert!(!policy.contains("unsafe-inline"), "{name}: {policy}");
        assert_eq!(
            (
                html.matches("<script").count(),
                html.matches("<style>").count()
            ),
            (1, stylesheets),
            "{name}: one loader and its stylesheets"
        );
        assert_eq!(
            policy.matches("'sha256-").count(),
            1 + stylesheets,
            "{name}: a hash for each: {policy}"
        );
        let glue = format!("import(\"{folder}talking-health-");
        assert!(html.contains(&glue), "{name} loads its code from {folder}");
    }
}
