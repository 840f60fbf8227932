-- Headless Neovim 0.11: the plugin in editors/neovim. Add it to the runtimepath, call
-- require("copydesk").setup() with cmd pointing at the built binary, open the seed, and
-- wait for copydesk's diagnostics; then :CopydeskSources.
--
--   COPYDESK_BIN=target/debug/copydesk COPYDESK_SEED=seeds/000_7b3ac1a56a70b6ef.txt \
--     nvim --headless --clean -l tests/nvim/plugin.lua
--
-- COPYDESK_LEGACY=1 takes the vim.lsp.start path that Neovim 0.8 to 0.10 use.

local bin = os.getenv("COPYDESK_BIN") or "copydesk"
local seed = os.getenv("COPYDESK_SEED") or "seeds/000_7b3ac1a56a70b6ef.txt"
local legacy = os.getenv("COPYDESK_LEGACY") == "1"

local function fail(message)
  io.stderr:write("FAIL: " .. message .. "\n")
  os.exit(1)
end

local function check(condition, message)
  if not condition then
    fail(message)
  end
end

check(vim.fn.has("nvim-0.11") == 1, "Neovim 0.11 or later is needed, this is " .. tostring(vim.version()))

local plugin = vim.fn.fnamemodify("editors/neovim", ":p")
vim.opt.runtimepath:prepend(plugin)
local copydesk = require("copydesk")
copydesk.setup({
  cmd = { bin, "lsp" },
  -- An editor setting that must reach the server: no relative-time findings.
  init_options = { debounceMs = 0, rules = { ["relative-time"] = "off" } },
  legacy = legacy,
})
check(copydesk.mode == (legacy and "start" or "config"), "setup took the wrong path: " .. tostring(copydesk.mode))
if not legacy then
  check(vim.lsp.config.copydesk ~= nil, "vim.lsp.config has no copydesk")
end

vim.cmd.edit(vim.fn.fnameescape(seed))
local buf = vim.api.nvim_get_current_buf()
check(vim.bo[buf].filetype == "text", "the seed is a text buffer: " .. vim.bo[buf].filetype)

local function counts()
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.source == "copydesk" then
      out[d.code] = (out[d.code] or 0) + 1
    end
  end
  return out
end

local ok = vim.wait(15000, function()
  local c = counts()
  return (c["unattributed-claim"] or 0) >= 1 and (c["quote-style"] or 0) >= 3 and (c["house-style"] or 0) >= 2
end, 20)
check(ok, "no copydesk diagnostics within 15 s; got " .. vim.inspect(vim.diagnostic.get(buf)))
local clients = vim.lsp.get_clients({ bufnr = buf, name = "copydesk" })
check(#clients == 1, "one copydesk client on the seed: " .. #clients)

local c = counts()
check(c["unattributed-claim"] == 1, "one unattributed claim: " .. vim.inspect(c))
check(c["house-style"] == 2, "two house-style (Kiev): " .. vim.inspect(c))
check(c["quote-style"] == 3, "three quote-style: " .. vim.inspect(c))
check(c["relative-time"] == nil, "init_options turned relative-time off: " .. vim.inspect(c))
check(c["unbalanced-quote"] == nil, "no unbalanced-quote: " .. vim.inspect(c))

-- :CopydeskSources shows `copydesk sources` in a scratch buffer.
vim.cmd("CopydeskSources")
local lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
check(#lines > 0 and lines[1]:match("^Sources in") ~= nil, "CopydeskSources: " .. vim.inspect(lines))
vim.cmd("close")

local total = 0
for _, n in pairs(c) do
  total = total + n
end
io.stdout:write(("ok: setup() via %s, %d copydesk diagnostics on the seed, %d lines of sources\n"):format(
  copydesk.mode == "config" and "vim.lsp.config + vim.lsp.enable" or "vim.lsp.start", total, #lines))
clients[1]:stop()
vim.wait(2000, function()
  return clients[1]:is_stopped()
end, 20)
vim.cmd("qa!")
