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

        let page = client.execute("return fetch('/').then(r => r.text())", vec![]).await.unwrap();
        assert!(!page.as_str().unwrap().contains("<script type=\"module\">"), "no inline loader in the page");

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

        let exposed = client.execute("return typeof window.wasmBindings", vec![]).await.unwrap();
        assert_eq!(exposed, "undefined", "the widget's bindings are not put on window");
    })
    .await;
}

/// The three pages are separate builds of separate HTML files: each must keep
/// index.html's strict policy, have no inline script, and load its code only
/// from its own build's folder.
#[test]
fn every_page_of_the_build_has_the_same_strict_policy_and_no_inline_script() {
    let policy_of = |html: &str| {
        let start = html
            .find("http-equiv=\"Content-Security-Policy\"")
            .expect("a Content-Security-Policy meta element");
        let content = &html[start..];
        let content = &content[content.find("content=\"").unwrap() + 9..];
        content[..content.find('"').unwrap()].to_owned()
    };
    let page = |name: &str| {
        let path = dist_dir().join(name);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (run scripts/build.sh)", path.display()))
    };
    let index = page("index.html");
    for (name, folder) in [
        ("index.html", "/"),
        ("embed.html", "/embed/"),
        ("clinic.html", "/clinic/"),
    ] {
        let html = page(name);
        assert_eq!(
            policy_of(&html),
            policy_of(&index),
            "{name}'s policy is index.html's"
        );
        assert!(
            !html.contains("<script type=\"module\">"),
            "{name} has an inline script"
        );
        let loader = format!("<script type=\"module\" src=\"{folder}boot-");
        assert!(
            html.contains(&loader),
            "{name} loads its code from {folder}"
        );
    }
}
