//! Entry point: mounts the widget into the page's mount element.

fn main() {
    talking_health::mount();
}
