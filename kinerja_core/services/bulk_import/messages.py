"""The sentences of the import's problems, Indonesian first (registered with kinerja_core.i18n)."""

from kinerja_core.i18n import register_messages

register_messages(
    {
        "access.import": (
            "Hanya admin pusat (BKPSDM) atau admin OPD yang dapat mengimpor data.",
            "Only a central administrator (BKPSDM) or an agency administrator can import data.",
        ),
        "import.no_sheets": (
            "Berkas tidak berisi lembar yang dikenal ({sheets}).",
            "The file holds none of the known sheets ({sheets}).",
        ),
        "import.bad_workbook": (
            "Berkas .xlsx tidak dapat dibaca: {reason}",
            "The .xlsx file cannot be read: {reason}",
        ),
        "import.csv_name": (
            "Berkas CSV {filename} harus dinamai sesuai lembarnya ({sheets}).",
            "The CSV file {filename} must be named after its sheet ({sheets}).",
        ),
        "import.file_type": (
            "Berkas {filename} bukan .xlsx, .csv atau .zip.",
            "The file {filename} is not an .xlsx, .csv or .zip file.",
        ),
        "import.sheet_too_long": (
            "Lembar {sheet} berisi lebih dari {max} baris; bagi menjadi beberapa berkas.",
            "The sheet {sheet} has more than {max} lines; split it into several files.",
        ),
        "import.file_too_large": (
            "Berkas {filename} di dalam zip terlalu besar.",
            "The file {filename} inside the zip is too large.",
        ),
        "import.missing_column": (
            "Kolom wajib tidak ada pada baris judul.",
            "A required column is missing from the header row.",
        ),
        "import.duplicate": (
            "Duplikat: data yang sama sudah ada pada baris {line}.",
            "Duplicate: the same record is already on line {line}.",
        ),
        "import.unknown_agency": (
            "OPD dengan kode {code} tidak dikenal.",
            "There is no agency with code {code}.",
        ),
        "import.other_agency": (
            "Anda hanya dapat mengimpor data OPD Anda sendiri, bukan {code}.",
            "You can only import your own agency's data, not {code}.",
        ),
        "import.unknown_unit": (
            "Unit dengan kode {code} tidak ada di OPD ini maupun di berkas.",
            "There is no unit with code {code} in this agency or in the file.",
        ),
        "import.unknown_position": (
            "Jabatan '{name}' tidak ada di unit itu maupun di berkas.",
            "There is no position '{name}' in that unit or in the file.",
        ),
        "import.ambiguous_position": (
            "Unit ini memiliki lebih dari satu jabatan bernama '{name}'; ubah namanya dahulu.",
            "This unit has more than one position named '{name}'; rename them first.",
        ),
        "import.position_type_fixed": (
            "Jenis jabatan yang sudah ada ({current}) tidak dapat diubah melalui impor.",
            "The type of an existing position ({current}) cannot be changed by an import.",
        ),
        "import.position_head_fixed": (
            "Status kepala unit dari jabatan yang sudah ada tidak dapat diubah melalui impor.",
            "Whether an existing position heads its unit cannot be changed by an import.",
        ),
        "import.choice": (
            "Nilai '{value}' tidak dikenal; gunakan salah satu dari: {allowed}.",
            "Unknown value '{value}'; use one of: {allowed}.",
        ),
        "import.yes_no": (
            "Isi dengan Ya atau Tidak, bukan '{value}'.",
            "Write Ya (yes) or Tidak (no), not '{value}'.",
        ),
        "import.date": (
            "Tanggal '{value}' tidak dapat dibaca; tulis YYYY-MM-DD atau DD-MM-YYYY.",
            "The date '{value}' cannot be read; write YYYY-MM-DD or DD-MM-YYYY.",
        ),
        "import.nip_as_number": (
            "NIP tersimpan sebagai angka sehingga Excel membulatkan digit terakhirnya; "
            "format kolom NIP sebagai Teks lalu ketik ulang.",
            "The NIP is stored as a number, so Excel rounded its last digits; format the NIP "
            "column as Text and type it again.",
        ),
        "import.employee_kind_fixed": (
            "Jenis pegawai yang sudah terdaftar ({current}) tidak dapat diubah melalui impor.",
            "The kind of a registered employee ({current}) cannot be changed by an import.",
        ),
        "import.employee_other_agency": (
            "NIP ini terdaftar di OPD {code}; hanya admin pusat yang dapat memindahkannya.",
            "This NIP is registered with agency {code}; only a central administrator can move "
            "the employee.",
        ),
        "import.unknown_employee": (
            "Pegawai dengan NIP {nip} tidak ada di lembar Pegawai maupun di database.",
            "There is no employee with NIP {nip} in the Pegawai sheet or in the database.",
        ),
        "import.bad_employee_row": (
            "Data pegawai ini di lembar Pegawai (baris {line}) salah; perbaiki di sana dahulu.",
            "This employee's row in the Pegawai sheet (line {line}) is wrong; fix it there first.",
        ),
        "import.two_definitive": (
            "Pegawai ini sudah memiliki penempatan definitif aktif pada baris {line}.",
            "This employee already has an open definitive assignment on line {line}.",
        ),
        "import.plan_not_draft": (
            "Target hanya dapat diimpor ke SKP yang masih DRAFT.",
            "Targets can only be imported into a DRAFT SKP.",
        ),
        "import.too_many_rows": (
            "Lembar Target berisi lebih dari {max} baris.",
            "The Target sheet has more than {max} rows.",
        ),
        "import.number": (
            "'{value}' bukan angka.",
            "'{value}' is not a number.",
        ),
        "import.unknown_parent_rhk": (
            "RHK atasan '{text}' tidak ada pada SKP pejabat penilai tahun ini.",
            "The superior's RHK '{text}' is not in the rater's SKP of this year.",
        ),
        "import.password_required": (
            "Kata sandi awal wajib diisi untuk akun baru.",
            "An initial password is required for a new account.",
        ),
    }
)
