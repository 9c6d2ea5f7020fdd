//! Steps of the journey shared by several tests, done with the mouse (the
//! keyboard-only journeys use [`crate::keyboard`]).

use crate::page::{wait_for, wait_for_h1, wait_for_locator};
use fantoccini::{Client, Locator};

/// Scrolls what `locator` finds to the middle of the window, as a person
/// scrolls to what they are about to press, then clicks it. (WebDriver
/// clicks an element that only just shows at the window's edge on that
/// sliver, where a button pressed, moved 4px down by `.th-button:active`, is
/// no longer under the pointer when it is released, and the click is lost.)
pub async fn tap(client: &Client, locator: Locator<'_>) {
    let element = wait_for_locator(client, locator).await;
    let arg = serde_json::to_value(&element).expect("an element is JSON");
    client
        .execute("arguments[0].scrollIntoView({block: 'center'});", vec![arg])
        .await
        .expect("scroll to the element");
    element
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {locator:?}: {e}"));
}

/// Clicks the element matching `css` once it is there (see [`tap`]).
pub async fn click(client: &Client, css: &str) {
    tap(client, Locator::Css(css)).await;
}

/// Types `text` into the input with this id.
pub async fn fill(client: &Client, id: &str, text: &str) {
    wait_for(client, &format!("#{id}"))
        .await
        .send_keys(text)
        .await
        .unwrap_or_else(|e| panic!("type into #{id}: {e}"));
}

/// The value the input with this id holds now.
pub async fn value_of(client: &Client, id: &str) -> String {
    let input = wait_for(client, &format!("#{id}")).await;
    input.prop("value").await.unwrap().unwrap_or_default()
}

/// Presses the page's Continue button.
pub async fn continue_on(client: &Client) {
    click(client, "button[type=submit]").await;
}

/// From the start page, presses "Start now" and waits for the date of birth page.
pub async fn start(client: &Client) {
    click(client, crate::START_BUTTON).await;
    wait_for_h1(client, "What is your date of birth?").await;
}

/// Types an adult's date of birth (7 March 1980) into the date-of-birth
/// page showing, whoever drew it.
pub async fn type_adult_date_of_birth(client: &Client) {
    fill(client, "date_of_birth-day", "7").await;
    fill(client, "date_of_birth-month", "3").await;
    fill(client, "date_of_birth-year", "1980").await;
}

/// Enters 7 March 1980 on the date of birth page and goes on to the practice page.
pub async fn enter_adult_date_of_birth(client: &Client) {
    wait_for_h1(client, "What is your date of birth?").await;
    type_adult_date_of_birth(client).await;
    continue_on(client).await;
    wait_for_h1(client, "Which GP practice are you registered with?").await;
}

/// On the practice page, finds and chooses Riverside Medical Centre (F83004), and goes on.
pub async fn choose_riverside(client: &Client) {
    fill(client, "practice-search", "river").await;
    click(client, "#gp_practice").await;
    continue_on(client).await;
}

/// Presses the button whose text is exactly `text`.
pub async fn press_button(client: &Client, text: &str) {
    let xpath = format!("//button[normalize-space()='{text}']");
    tap(client, Locator::XPath(&xpath)).await;
}

/// Answers every item of a questionnaire with its first option.
pub async fn answer_lowest(client: &Client, instrument: &str, items: usize) {
    for item in 1..=items {
        click(client, &format!("#{instrument}-{item}")).await;
        continue_on(client).await;
    }
}

/// The quickest complete journey, by mouse, from the start page to "Check
/// your answers": an adult at Riverside Medical Centre (F83004) with no
/// long-term condition, every questionnaire answer "Not at all", reachable
/// by phone (07700 900123). Returns with the check page showing.
pub async fn reach_check_answers(client: &Client) {
    reach_questionnaires(client).await;
    answer_lowest(client, "phq9", 9).await;
    answer_lowest(client, "gad7", 7).await;
    wait_for_h1(client, "Your answers").await;
    refer_from_results(client).await;
}

/// From the start page to PHQ-9's first question: an adult at Riverside
/// Medical Centre (F83004) with no long-term condition.
pub async fn reach_questionnaires(client: &Client) {
    start(client).await;
    enter_adult_date_of_birth(client).await;
    choose_riverside(client).await;
    wait_for_h1(client, "Do you have any of these long-term conditions?").await;
    click(client, "#conditions-none").await;
    continue_on(client).await;
}

/// From the results page, "Refer yourself" and the quickest valid details
/// (Siobhán O'Brien, 07700 900123, N1 9AB), to "Check your answers".
pub async fn refer_from_results(client: &Client) {
    press_button(client, "Refer yourself").await;
    enter_referral_details(client, "Siobhán", "O'Brien", "07700 900123").await;
}

/// From the name page, the quickest valid details with this name and phone
/// (postcode N1 9AB, no NHS number, no interpreter), to "Check your answers".
pub async fn enter_referral_details(client: &Client, first: &str, last: &str, phone: &str) {
    enter_name_to_postcode(client, first, last, phone).await;
    wait_for_h1(client, "Do you know your NHS number?").await;
    click(client, "#knows_nhs_number-2").await;
    continue_on(client).await;
    wait_for_h1(client, "About you").await;
    continue_on(client).await;
    wait_for_h1(client, "Do you need an interpreter?").await;
    click(client, "#interpreter_needed-2").await;
    continue_on(client).await;
    wait_for_h1(client, "Anything else").await;
    continue_on(client).await;
    wait_for_h1(client, "Your consent").await;
    click(client, "#consent_contact").await;
    click(client, "#consent_gp").await;
    continue_on(client).await;
    wait_for_h1(client, "Check your answers before sending your referral").await;
}

/// From the name page, this name and phone (both messages allowed) and
/// postcode N1 9AB, to the NHS number question.
pub async fn enter_name_to_postcode(client: &Client, first: &str, last: &str, phone: &str) {
    wait_for_h1(client, "What is your name?").await;
    fill(client, "first_name", first).await;
    fill(client, "last_name", last).await;
    continue_on(client).await;
    wait_for_h1(client, "How can we contact you?").await;
    fill(client, "phone", phone).await;
    continue_on(client).await;
    wait_for_h1(client, "Can we leave you messages?").await;
    click(client, "#safe_to_leave_message").await;
    click(client, "#safe_to_text").await;
    continue_on(client).await;
    wait_for_h1(client, "What is your postcode?").await;
    fill(client, "postcode", "N1 9AB").await;
    continue_on(client).await;
}
