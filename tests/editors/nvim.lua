-- Run by tests/lsp_clients.rs: `nvim --headless -u NONE` opens the file in
-- $HIERC_NVIM_FILE, starts `hierc lsp` with Neovim's built-in client, waits
-- for diagnostics and writes them, one per line (`LINE:COL CODE MESSAGE`),
-- to $HIERC_NVIM_OUT; then asks for the quick fixes of the first one,
-- applies the preferred one as Neovim applies a workspace edit, and writes
-- its title, the fixed line and the diagnostics left once the server has
-- checked the change. Works with Neovim 0.7 (Debian bookworm) and later.
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

local first = vim.diagnostic.get(buf)[1]
if first then
  local client = vim.lsp.get_client_by_id(id)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = {
      start = { line = first.lnum, character = first.col },
      ["end"] = { line = first.end_lnum, character = first.end_col },
    },
    context = { diagnostics = {}, only = { "quickfix" } },
  }
  local replies = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, 20000) or {}
  for _, reply in pairs(replies) do
    for _, action in ipairs(reply.result or {}) do
      if action.isPreferred then
        vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
        table.insert(lines, "quick fix: " .. action.title)
        table.insert(lines, vim.api.nvim_buf_get_lines(buf, first.lnum, first.lnum + 1, false)[1])
      end
    end
  end
  vim.wait(20000, function()
    return #vim.diagnostic.get(buf) == 0
  end, 50)
  table.insert(lines, string.format("left: %d", #vim.diagnostic.get(buf)))
end
vim.fn.writefile(lines, out)
vim.lsp.stop_client(id)
vim.cmd("qa!")
