mod cli;
mod encodings;
mod gui;
mod journal;
mod rules_config;
mod sample_article;
mod text_parser;
mod util;
