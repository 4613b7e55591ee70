//! `payment_methods`: the payment methods of one organization or all, with card state.

use billing_core::desk::PaymentMethodRow;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// `org_id` null = every loaded organization.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn payment_methods(
    state: State<'_, AppState>,
    org_id: Option<String>,
) -> Result<Vec<PaymentMethodRow>, CommandError> {
    Ok(state
        .desk
        .payment_methods(org_id.as_deref(), chrono::Utc::now())
        .await?)
}
