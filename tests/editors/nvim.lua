-- Run by tests/lsp_clients.rs: `nvim --headless -u NONE` opens the file in
-- $HIERC_NVIM_FILE, starts `hierc lsp` with Neovim's built-in client, waits
-- for diagnostics and writes them, one per line (`LINE:COL CODE MESSAGE`),
-- to $HIERC_NVIM_OUT. Works with Neovim 0.7 (Debian bookworm) and later.
local out = os.getenv("HIERC_NVIM_OUT")
vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("HIERC_NVIM_FILE")))
local buf = vim.api.nvim_get_current_buf()
local id = vim.lsp.start_client({
  name = "hierc",
  cmd = { os.getenv("HIERC_BIN"), "--schemas", os.getenv("HIERC_NVIM_SCHEMAS"), "lsp" },
  root_dir = vim.fn.getcwd(),
})
vim.lsp.buf_attach_client(buf, id)
vim.wait(20000, function()
  return #vim.diagnostic.get(buf) > 0
end, 50)
local lines = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or "?"
  local first = d.message:gsub("\n.*", "")
  table.insert(lines, string.format("%d:%d %s %s", d.lnum, d.col, code, first))
end
vim.fn.writefile(lines, out)
vim.lsp.stop_client(id)
vim.cmd("qa!")
