# biaozhu：視窗訊息（發生了什麼、該做什麼），繁體中文。

msg-sample-not-copied = 無法把自帶的示例複製到 { $folder }：{ $why }
msg-read-only-lock = 只讀：另一個程序正在寫入
msg-dismiss = 關閉

## 視窗解釋的錯誤（核心錯誤上方的第一行）
error-io = 無法讀寫檔案。沒有丟失任何內容；請檢查路徑和磁碟後重試。
error-invalid = 資料集中的某個檔案無效。沒有寫入任何內容；請修正該檔案（biaozhu validate 會指出位置）。
error-newer-format = 這個資料集由更新版本的 biaozhu 寫入。請升級 biaozhu 後再開啟。
error-older-format = 這個資料集是舊格式。請先對它執行 biaozhu migrate。
error-conflict = 與資料集中已有的內容衝突（同名的文件或發布已存在）。沒有做任何修改。
error-edit = 無法完成這次編輯。
error-read-only = 資料集以只讀方式開啟。
error-locked = 另一個 biaozhu 正在寫入這個資料集；它以只讀方式開啟。

## 核心錯誤的詳情（第一行下方）
error-detail-newer-format = { $path }：format_version { $found } 比這個 biaozhu 支援的版本（{ $supported }）新。沒有寫入任何內容。
error-detail-older-format = { $path }：這個資料集是 format_version { $found }；執行 `biaozhu migrate { $path }` 把它升級到 format_version { $supported }。沒有寫入任何內容。
error-detail-locked = { $path }：另一個 biaozhu 程序正在寫入這個資料集；請關閉它或稍候，然後重試。
error-detail-at = 位置：{ $place }
    詳情（英文，與命令列相同）：{ $detail }
error-detail-os = { $place }：{ $kind ->
        [not-found] 沒有這個檔案或資料夾
        [permission-denied] 沒有權限
        [already-exists] 已經存在
        [storage-full] 磁碟已滿
        [read-only-filesystem] 檔案系統是唯讀的
        [is-a-directory] 這是一個資料夾，不是檔案
        [not-a-directory] 路徑中有一部分不是資料夾
        [directory-not-empty] 資料夾不是空的
       *[invalid-filename] 檔名在這裡不合法
    }（英文原話：{ $english }）
error-detail = 詳情（英文，與命令列相同）：{ $detail }
error-edit-bad-range = 範圍 { $start }..{ $end } 不在正文之內。
error-edit-duplicate = { $start }..{ $end } 處已有一個相同的 { $label } 標註。
error-edit-missing = 沒有 id 為「{ $id }」的標註或關係。
error-edit-id-taken = id「{ $id }」已被使用。
error-edit-stale = 這次編輯之前標註已被改動；沒有做任何修改。
error-edit-unsettled = 還有 { $left } 處差異沒有處理：請逐一接受（{ $accept }）或拒絕（{ $reject }），再標為已審核。

## 請先這樣做
err-no-dataset = 沒有開啟資料集。
err-no-document = 沒有開啟文件。
err-selected-span-gone = 選中的標註已不存在。
err-span-gone = 這個標註已不存在。
err-no-such-label = labels.ron 中沒有標籤「{ $label }」。
err-select-text-first = 請先選擇文字（拖動選中），再按標籤鍵。
err-select-query-first = 請先選中要查詢的文字。

## 編輯
msg-nothing-to-undo = 沒有可撤銷的操作。
msg-nothing-to-redo = 沒有可重做的操作。
msg-labelled-matches = 已把「{ $query }」的 { $n } 處匹配標為{ $label }。
msg-matches-already-labelled = 「{ $query }」的每處匹配都已標為{ $label }。

## 建立關係
err-select-span-to-link = 請先選中一個標註（單擊它），再按 { $key } 建立關係。
msg-link-no-candidates = 本段中沒有能與此標註建立關係的標註：單擊別處的標註，或按 { $cancel }。
msg-link-how = 建立關係：按 1–{ $n } 或單擊一個標註；按 { $cancel } 取消。對已有關係再建一次會刪除它。
err-link-span-gone = 這個關係的一端已不存在。
err-no-relation-type = 沒有關係型別能連線{ $from }和{ $to }（labels.ron 中有：{ $types }）。請選別的標註，或按 { $cancel }。
msg-which-relation = 哪種關係？{ $choices }
msg-link-removed = 已刪除「{ $kind }」關係（它原本存在；按 { $undo } 恢復）。
msg-linked = 已建立關係：{ $kind }。
err-relation-gone = 這個關係已不存在。

## 建議、訓練與審核
err-label-first = 請先標註或選中一個標註：{ $key } 會接受該標籤的全部建議。
msg-accepted-label = 已接受 { $n } 條{ $label }建議。
msg-none-pending-label = 沒有待處理的{ $label }建議。
msg-accepted-links = 已接受 { $n } 條建議的關係。
msg-no-link-pending = 這裡沒有待處理的建議關係：只有兩端都是你的標註時才會建議關係。
msg-training-already = 模型已在訓練中。
msg-training-started = 正在後臺用已完成或已審核的文件訓練 { $who } 的模型。
msg-no-suggestion-here = 這裡沒有待處理的建議。
msg-reviewing = 正在審核 { $a } 和 { $b }，合併到 { $into }：按 { $accept } 接受一個標註，按 { $reject } 拒絕；實線框是兩人一致的標註。

## 資料集
msg-every-document-done = 所有文件都已完成。
err-annotator-name = 標註員名字：{ $problem }
msg-saved = 已儲存。
msg-opened-read-only = 另一個 biaozhu 正在寫入這個資料集：它以只讀方式開啟。關閉另一個視窗後即可編輯。
err-could-not-open = 無法開啟資料集：{ $why }
msg-imported = 已匯入 { $added } / { $files } 個檔案。
msg-exported-left-out = （省略了 { $n } 個巢狀標註：{ $format } 不支援巢狀）
msg-exported = 已把 { $documents } 篇文件、{ $spans } 個標註匯出為 { $format }，儲存到 { $path }{ $note }。

## validate 發現的問題（問題面板）
problem-at = { $place }：{ $what }
problem-untranslated = { $what }（英文原文）
problem-warning = 警告：{ $what }
misfit-other-text = 與文件的 sha256 不符：偏移指向的是另一段文字
misfit-span-id-twice = 標註 id「{ $id }」用了兩次
misfit-duplicate-span = 與 { $start }..{ $end } 處另一個 { $label } 標註完全重複
misfit-end-not-after-start = 結束位置 { $end } 必須大於開始位置 { $start }
misfit-end-beyond-text = 結束位置 { $end } 超出正文，正文只有 { $len } 個碼位
misfit-text-differs = 寫的是「{ $said }」，但文件第 { $start }..{ $end } 個碼位是「{ $covered }」（偏移按 Unicode 碼位計，不含結束位置）
misfit-unknown-label = 未知標籤「{ $label }」；labels.ron 宣告的是 { $declared }
misfit-no-such-attribute = 標籤「{ $label }」在 labels.ron 中沒有屬性「{ $name }」
misfit-bad-confidence = confidence 必須是 0 到 1 之間的數
misfit-overlap = 與標註「{ $other }」重疊，而 labels.ron 設定了 allow_overlap: false
misfit-relation-id-twice = 關係 id「{ $id }」用了兩次
misfit-no-such-span = 沒有 id 為「{ $id }」的標註

## 開啟的文件為何不能編輯（狀態旁）
locked-other-version = 這份標註是在這篇文字的另一個版本上做的（document_sha256 不同）；唯讀顯示
locked-unreadable = 標註檔案無法讀取，原樣保留，這篇文件唯讀。原因（英文原文）：{ $error }
locked-unreadable-parsed = 標註檔案無法讀取：{ $what }。檔案原樣保留，這篇文件唯讀
misfit-id-not-file-name = 寫的是「{ $id }」，但檔名是 { $stem }.json
misfit-annotator-not-folder = 寫的是「{ $annotator }」，但檔案在資料夾 { $folder } 中
misfit-text-changed = 與正文不符（正文的雜湊是 { $actual }）；正文在匯入後被改過
misfit-orphan-invalid-document = 這份標註的文件無效
misfit-orphan-no-document = 這份標註的文件不在資料集中（documents/ 裡沒有這個檔案）
misfit-unshaped = 結構與預期不符（英文原文：{ $detail }）
misfit-not-dataset-file = 不是 biaozhu 資料集檔案（沒有 format、spans 或 text 鍵）
misfit-file-name-not-id = 檔名不是合法的文件 id：{ $why }（英文原文）；請為檔案改名
misfit-annotator-folder = 標註員資料夾的名稱不合規：{ $why }（英文原文）；請為資料夾改名
misfit-merge-conflict = 有未解決的合併衝突；請在 spans 或 relations 中為每個衝突只保留一個版本，設定 status，刪除 status_when_resolved 和 conflicts，然後 git add 這個檔案（或用 git checkout --ours 或 --theirs 整體取一方）
misfit-merge-conflict-listed = 有未解決的合併衝突（英文原文：{ $what }）；請在 spans 或 relations 中為每個衝突只保留一個版本，設定 status，刪除 status_when_resolved 和 conflicts，然後 git add 這個檔案（或用 git checkout --ours 或 --theirs 整體取一方）
problem-same-text = 與文件 { $first } 的正文相同；請刪除其中一個
problem-default-schema = 改用預設的標籤方案檢查標籤和屬性
import-record-twice = 文件 { $document } 在輸入中出現了兩次；已採用第一次
import-text-differs = 正文與文件「{ $document }」不同（sha256 不符）；未匯入
import-no-document = 沒有文件具有這段正文或這個 id；加上 --create-documents 即可新建
import-span-skipped = 標註 { $key }（{ $start }..{ $end }，{ $label }）：{ $why }
import-span-outside = 偏移超出正文，或落在一個字元中間
import-span-empty = 為空或首尾顛倒
import-span-text-differs = 寫的是「{ $said }」，但那裡的正文是「{ $covered }」；已略過，沒有挪動
import-span-unknown-label = 標籤不在 labels.ron 中
import-relation-skipped = 文件 { $document }：關係 { $relation }（{ $from } → { $to }）：{ $why }（英文原文）；已略過
release-version = 寫的是「{ $found }」，但資料夾是 { $folder }
release-file-name = 不是單純的檔名
release-file-changed = 在發布 { $version } 之後被改過（sha256 不同）；發布不可更改：請還原這個檔案，或另做一個新發布
release-file-missing = 發布 { $version } 中的這個檔案不見了
release-file-added = 不屬於發布 { $version }（在發布之後才加入）
parse-trouble = { $kind ->
    [truncated] { $format } 在第 { $line } 行第 { $column } 欄提前結束（檔案是否被截斷？）
    [shape] { $format } 的結構不符合要求：第 { $line } 行第 { $column } 欄
   *[syntax] 檔案不是有效的 { $format }：第 { $line } 行第 { $column } 欄有誤
}。解析器的原話（英文）：{ $detail }
parse-unreadable = 無法讀取這個檔案。原因（英文原文）：{ $detail }
schema-no-labels = 沒有宣告任何標籤
schema-empty-name = 有一個標籤的名字是空的
schema-label-twice = 標籤「{ $name }」宣告了兩次
schema-key-not-one-character = 標籤「{ $label }」：快捷鍵必須是一個字元，這裡是「{ $key }」
schema-key-twice = 標籤「{ $label }」：快捷鍵「{ $key }」用了兩次
schema-role-twice = 標籤「{ $first }」和「{ $second }」都宣告了角色 { $role }；一個角色只能屬於一個標籤
schema-bad-color = 標籤「{ $label }」：顏色必須寫成 #RRGGBB，這裡是「{ $color }」
schema-relation-twice = 關係「{ $name }」宣告了兩次
schema-unknown-end = 關係「{ $relation }」用到了未宣告的標籤「{ $label }」
schema-key-is-shortcut = 標籤「{ $label }」的快捷鍵是「{ $key }」，而應用程式用這個鍵來{ $app_key ->
        [a] 接受建議
        [x] 拒絕建議
        [r] 為選中的標註建立關係
        [n] 轉到下一篇文件
        [p] 轉到上一篇文件
        [t] 顯示或隱藏項目檢視
        [g] 顯示或隱藏標註準則
       *[other] 顯示快捷鍵表
    }（{ $shown_key }）；請換一個鍵
schema-display-empty = { $group ->
        [label] 標籤
        [relation] 關係型別
       *[attribute] 屬性
    }「{ $id }」在 { $locale } 中的顯示名稱是空的；請寫一個，或刪除這一項{ $line ->
        [0] {""}
       *[other] （labels.ron 第 { $line } 行）
    }
schema-display-twice = { $group ->
        [label] 標籤
        [relation] 關係型別
       *[attribute] 屬性
    }「{ $first }」和「{ $second }」在 { $locale } 中都顯示為「{ $shown }」；請給每個取不同的顯示名稱{ $line ->
        [0] {""}
       *[other] （labels.ron 第 { $line } 行）
    }
schema-rule = { $rule ->
    [required] 缺少必要的欄位 { $property }
    [not-allowed] 有 JSON Schema 不允許的欄位：{ $names }
    [type] 值的型別不對
    [enum] 值不在允許的選項之中
    [too-small] 數值小於允許的最小值
    [too-large] 數值大於允許的最大值
    [too-short] 文字短於允許的長度
   *[other] 不符合檔案的 JSON Schema
}。驗證器的原話（英文）：{ $english }
