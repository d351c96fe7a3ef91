# biaozhu：視窗中的繁體中文用語。鍵按視窗的部位分組；變數寫在 { $花括號 } 裡。

language-name = 繁體中文

## 文件狀態
status-name = { $status ->
    [todo] 待標註
    [in_progress] 標註中
    [done] 已完成
   *[reviewed] 已審核
}

## 選單欄
menu-file = 檔案
menu-view = 檢視
menu-review = 審核
menu-document = 文件
menu-help = 說明
menu-open-dataset = 開啟資料集…
menu-new-dataset = 新增資料集…
menu-import-articles = 匯入文章…
menu-export = 匯出…
dialog-open-dataset = 開啟 biaozhu 資料集資料夾
dialog-new-dataset = 為新資料集選擇一個空資料夾
dialog-articles = 文章
dialog-export = 選擇匯出的資料夾
menu-light-theme = 淺色主題
menu-dark-theme = 深色主題
menu-larger-text = 放大文字
menu-smaller-text = 縮小文字
menu-record-effort = 記錄標註用時
menu-language = 語言
menu-end-review = 結束審核
menu-review-pair = 審核 { $a } 與 { $b }，合併到 { $into }
menu-review-needs-two = 審核需要兩位標註員。
menu-train-now = 立即訓練模型
menu-train-now-hint = 從頭完整重新訓練。每標完 3 篇文件，模型也會在上一版基礎上自動更新。
menu-min-confidence = 隱藏信賴度低於此值的建議
menu-mark = 標記為「{ $status }」

## 標籤欄
labelbar-hint = 拖動選擇文字，按 { $label_keys } 標註，按 { $help_key } 檢視快捷鍵

## 文件列表
docs-progress = 已完成 { $done } / { $total }
docs-status = 狀態
docs-all-statuses = 全部狀態
docs-filter = 篩選
docs-filter-hint = 標題或編號
docs-sort-by-queue = 按模型推薦順序排列
docs-sort-by-queue-later = 按模型推薦順序排列（首次訓練後可用）
docs-spans = { $n } 個標註

## 查詢欄
find-label = 查詢：
find-match-of = 第 { $at } / { $n } 處
find-matches = { $n } 處匹配
find-next = 下一處
find-close = 關閉

## 姓名提示
name-heading = 誰在標註？
name-explained = 你的名字會隨每份標註一起儲存（小寫字母、數字、- 和 _）。
name-label = 名字
name-start = 開始

## 開啟資料集時發現的問題
problems-heading = 開啟資料集時發現 { $n } 個問題（無法讀取的檔案絕不會被改寫）

## 標註面板（右側）
spans-heading = 標註（{ $n }）
spans-choice-none = （無）
spans-not-a-number = 不是數字
spans-select-one = 選中一個標註以編輯其屬性。

## 標註面板下的關係
rels-heading = 關係（{ $n }）
rels-none = 無。按 { $key } 為此標註建立關係。
rels-select-other-end = 選中另一端
rels-unlink = 解除
rels-unlink-hint = 刪除此關係（可撤銷）
rels-suggested = 建議的關係（{ $n }）
rels-accept = 接受這些關係（{ $key }）
rels-lacking = 缺少要素的項目（{ $n }）
lacks-one = 缺{ $what }
list-separator = 、

## 項目檢視
projects-heading = 項目：{ $rows } 行，其中 { $lacking } 行缺少金額或地區（按 { $key } 隱藏）
projects-none = 還沒有項目建立關係：選中一個項目，按 { $key }。
projects-complete = 完整
projects-col-value = 數值
projects-col-currency = 幣種
projects-col-adcode = 行政區劃程式碼
projects-col-mechanisms = 機制

## 文章標題區
article-no-dataset = 沒有開啟資料集。
article-no-dataset-hint = 使用「檔案 > 開啟資料集…」，或執行 `biaozhu open DIR`。
article-no-documents = 這個資料集還沒有文件。
article-no-documents-hint = 使用「檔案 > 匯入文章…」，或執行 `biaozhu import DIR FILES`。
article-characters = { $n } 字
article-status = 狀態：{ $status }
article-arcs = 關係：

## 狀態列
model-none = 模型：尚未訓練
model-training = 模型：訓練中，第 { $epoch } 輪（最多 { $epochs } 輪），{ $seconds } 秒
model-ready = 模型：已用 { $docs } 篇文件訓練
model-updated = 模型：已在上一版基礎上用 { $fitted } 篇文件（新增、改動及抽樣）更新，共 { $docs } 篇
model-restarted-features = 模型：已重新用 { $docs } 篇文件從頭訓練（上一版模型的特徵設定不同，無法在其基礎上更新）
model-restarted-labels = 模型：已重新用 { $docs } 篇文件從頭訓練（標籤自上一版模型以來有變，無法在其基礎上更新）
model-restarted-few = 模型：已用 { $docs } 篇文件從頭訓練（文件不多，完整訓練與增量更新一樣快，且效果更好）
model-unsaved = 模型：已用 { $docs } 篇文件訓練，但未能儲存：{ $why }
model-failed = 模型：未訓練
status-no-dataset = 沒有開啟資料集。
status-review = 審核：{ $a } + { $b } -> { $into }
status-annotator = 標註員：{ $name }
status-read-only = 只讀
status-saved = 已儲存（第 { $revision } 版）
status-saved-nothing = 已儲存（尚無內容）
status-document = 文件 { $at } / { $of }
status-undo-redo = 撤銷 { $undo } / 重做 { $redo }

## 快捷鍵表
help-title = 鍵盤快捷鍵

## 標註準則面板
guidelines-title = 標註準則
guidelines-close = 關閉
guidelines-section-of = 關於{ $label }的一節
guidelines-no-section = 準則中沒有一節提到{ $label }；下面是全文。
guidelines-whole = 顯示全文
guidelines-from-file = 來自 { $path }
guidelines-bundled = biaozhu 內建的準則（此資料集沒有 guidelines 資料夾）

## 儀表板
menu-dashboard = 儀表板
dash-title = 儀表板
dash-computing = 正在計算…
dash-progress = 已完成文件隨時間的變化（累計，按標註員）
dash-days-since = 橫軸：自 { $first } 起的天數
dash-statuses = 各狀態的文件數
dash-spans-per-label = 各標籤的標註數
dash-agreement = 一致性（標註 F1 與 Cohen's κ；按一下列出兩人有分歧的文件）
dash-agreement-none = 計算一致性需要兩位有共同文件的標註員。
dash-agreement-hint = { $n } 篇文件有差異：按一下列出
dash-suggestions = 建議：接受、修改、拒絕（按來源和標籤）
dash-suggestions-none = 還沒有處理過的建議。
dash-accepted = 接受
dash-corrected = 修改
dash-rejected = 拒絕
dash-time = 每篇文件的有效標註分鐘數（標註時記錄）
dash-time-none = 尚未記錄用時。
dash-time-boxes = 每位標註員一個箱形：中間一半的文件，箱中橫線為中位數；鬚線延伸到距箱體一個半箱高以內最遠的文件。
docs-only-disagreements = 僅顯示 { $pair } 有分歧的文件（{ $n }）
docs-show-all = 顯示全部
