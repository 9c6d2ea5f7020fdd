//! The root component: loads the configuration, then shows the flow or, if the
//! configuration is unusable, a page for the service's admin.

use crate::config_source::ConfigSource;
use crate::screens::{ConfigProblemPage, StartPage};
use leptos::prelude::*;

#[component]
pub fn App(source: ConfigSource) -> impl IntoView {
    let loaded = LocalResource::new(move || {
        let source = source.clone();
        async move { source.load().await }
    });
    view! {
        <Suspense fallback=|| view! { <p class="th-loading" role="status">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match loaded.await {
                    Ok((_catalogue, config)) => view! { <StartPage config/> }.into_any(),
                    Err(problem) => view! { <ConfigProblemPage problem/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
