//! A saved WordPress-style page whose replies nest `depth` deep, one under
//! another, without depth-N classes: for the parse benchmark and the test
//! that such chains nest right.

/// Comment `i` has id "comment-{i}" and the text "Reply {i}".
pub fn reply_chain(depth: usize) -> String {
    let mut html = String::from("<html><body><ol class=\"comment-list\">");
    for i in 0..depth {
        html.push_str(&format!(
            "<li class=\"comment\" id=\"comment-{i}\"><div class=\"comment-content\"><p>Reply {i}</p></div><ol class=\"children\">"
        ));
    }
    html.push_str(&"</ol></li>".repeat(depth));
    html.push_str("</ol></body></html>");
    html
}
