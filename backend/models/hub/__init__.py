"""Downloads from the Hugging Face hub (the Models page): a repository's file list with sizes and checksums, each file
fetched with resume into a staging folder, checked, then installed where the studio looks for weights."""
