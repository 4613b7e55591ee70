// Without this a release build on Windows opens a console window next to the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    if let Some((name, value)) = billing_desk_lib::webkit_env_override() {
        // SAFETY: the first statement of `main`: no other thread exists yet that could read
        // or write the environment at the same time.
        #[allow(unsafe_code)]
        unsafe {
            std::env::set_var(name, value);
        }
    }
    billing_desk_lib::run();
}
