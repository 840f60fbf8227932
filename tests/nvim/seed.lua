-- Headless Neovim 0.11 against `copydesk lsp`: open the seed, wait for its diagnostics
-- through vim.diagnostic.get, check them, apply the add-attribution code action and see
-- the claim's diagnostic go.
--
--   COPYDESK_BIN=target/debug/copydesk COPYDESK_SEED=seeds/000_7b3ac1a56a70b6ef.txt \
--     nvim --headless --clean -l tests/nvim/seed.lua

local bin = os.getenv("COPYDESK_BIN") or "copydesk"
local seed = os.getenv("COPYDESK_SEED") or "seeds/000_7b3ac1a56a70b6ef.txt"

local function fail(message)
  io.stderr:write("FAIL: " .. message .. "\n")
  os.exit(1)
end

local function check(condition, message)
  if not condition then
    fail(message)
  end
end

if vim.fn.has("nvim-0.11") ~= 1 then
  fail("Neovim 0.11 or later is needed, this is " .. tostring(vim.version()))
end

vim.cmd.edit(vim.fn.fnameescape(seed))
local buf = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start({
  name = "copydesk",
  cmd = { bin, "lsp", "--stdio" },
  root_dir = vim.fn.getcwd(),
  init_options = { debounceMs = 0 },
}, { bufnr = buf })
check(client_id ~= nil, "vim.lsp.start gave no client")
local client = vim.lsp.get_client_by_id(client_id)

local function by_code(diagnostics)
  local counts, found = {}, {}
  for _, d in ipairs(diagnostics) do
    counts[d.code] = (counts[d.code] or 0) + 1
    found[d.code] = found[d.code] or {}
    table.insert(found[d.code], d)
  end
  return counts, found
end

-- The seed gives at least these; wait until they are all in.
local ok = vim.wait(15000, function()
  local counts = by_code(vim.diagnostic.get(buf))
  return (counts["unattributed-claim"] or 0) >= 1 and (counts["quote-style"] or 0) >= 3
end, 20)
check(ok, "no diagnostics within 15 s; got " .. vim.inspect(vim.diagnostic.get(buf)))

local diagnostics = vim.diagnostic.get(buf)
local counts, found = by_code(diagnostics)
check(counts["unattributed-claim"] == 1, "one unattributed claim: " .. vim.inspect(counts))
check(counts["house-style"] == 2, "two house-style (Kiev): " .. vim.inspect(counts))
check(counts["quote-style"] == 3, "three quote-style: " .. vim.inspect(counts))
check(counts["relative-time"] == 1, "one relative-time: " .. vim.inspect(counts))
check(counts["unbalanced-quote"] == nil, "no unbalanced-quote: " .. vim.inspect(counts))
for _, d in ipairs(diagnostics) do
  check(d.source == "copydesk", "source is copydesk: " .. vim.inspect(d))
end
local claim = found["unattributed-claim"][1]
check(claim.lnum == 7 and claim.col == 0 and claim.end_lnum == 7 and claim.end_col == 96,
  "the claim spans line 8: " .. vim.inspect(claim))
check(claim.severity == vim.diagnostic.severity.WARN, "the claim is a warning")

-- The code action on the claim.
local lsp_diagnostic = claim.user_data and claim.user_data.lsp or {
  range = { start = { line = 7, character = 0 }, ["end"] = { line = 7, character = 96 } },
  message = claim.message,
  code = claim.code,
  source = claim.source,
}
local response = client:request_sync("textDocument/codeAction", {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  range = lsp_diagnostic.range,
  context = { diagnostics = { lsp_diagnostic } },
}, 10000, buf)
check(response and response.result, "a code action response: " .. vim.inspect(response))
local chosen
for _, action in ipairs(response.result) do
  if action.title:match("^Attribute to") then
    check(not action.isPreferred, "add-attribution is never preferred")
    if not chosen and not action.title:match("placeholder") then
      chosen = action
    end
  end
end
check(chosen ~= nil, "an add-attribution action: " .. vim.inspect(response.result))
vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)
local line = vim.api.nvim_buf_get_lines(buf, 7, 8, false)[1]
check(line:match(" said%.$") ~= nil, "line 8 attributed: " .. line)

ok = vim.wait(15000, function()
  local now = by_code(vim.diagnostic.get(buf))
  return now["unattributed-claim"] == nil and (now["quote-style"] or 0) >= 3
end, 20)
check(ok, "the claim's diagnostic went away: " .. vim.inspect(vim.diagnostic.get(buf)))

local mode = client.server_capabilities.diagnosticProvider and "pull" or "push"
io.stdout:write(("ok: %d diagnostics (%s), encoding %s, applied %q\n"):format(
  #diagnostics, mode, client.offset_encoding, chosen.title))
client:stop()
vim.wait(2000, function() return client:is_stopped() end, 20)
vim.cmd("qa!")
