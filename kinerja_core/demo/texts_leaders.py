"""SKP texts of leaders: the goals of JPT (Perjanjian Kinerja) and of each kind of unit head."""

from __future__ import annotations

from kinerja_core.demo.texts import (
    ANGGARAN,
    BIAYA,
    INTERNAL,
    KUALITAS,
    LAYANAN,
    PROSES,
    WAKTU,
    Rhk,
    iki,
    rhk,
)

_AKUNTABILITAS = rhk(
    "Meningkatnya akuntabilitas kinerja dan keuangan {unit}",
    iki("Nilai SAKIP {unit}", 80, "nilai", KUALITAS, p=INTERNAL),
    iki("Persentase realisasi anggaran {unit}", 95, "%", BIAYA, p=ANGGARAN),
    aksi=(
        "Memimpin rapat evaluasi capaian kinerja dan realisasi anggaran",
        "Menetapkan tindak lanjut hasil evaluasi kinerja triwulan",
    ),
)

# The head of an agency (JPT), by the agency's theme. Values are annual, for a city of ~680,000.
GOALS: dict[str, tuple[Rhk, ...]] = {
    "setda": (
        rhk(
            "Meningkatnya kualitas penyelenggaraan pemerintahan daerah Kota Pontianak",
            iki("Indeks Reformasi Birokrasi Kota Pontianak", 80, "nilai", KUALITAS, p=PROSES),
            iki("Nilai SAKIP Kota Pontianak", 82, "nilai", KUALITAS, p=INTERNAL),
        ),
        rhk(
            "Meningkatnya kualitas pelayanan publik perangkat daerah",
            iki("Indeks Pelayanan Publik Kota Pontianak", 4.5, "indeks", KUALITAS, p=LAYANAN),
            iki("Persentase pengaduan SP4N-LAPOR! yang diselesaikan", 95, "%", p=LAYANAN),
        ),
        rhk(
            "Meningkatnya kinerja pengelolaan keuangan daerah",
            iki("Persentase rekomendasi BPK yang ditindaklanjuti", 100, "%", p=ANGGARAN),
            iki("Persentase realisasi belanja daerah", 92, "%", BIAYA, p=ANGGARAN),
        ),
        rhk(
            "Terkoordinasinya perangkat daerah dalam pencapaian sasaran RPJMD",
            iki("Persentase indikator kinerja utama RPJMD yang tercapai", 85, "%", p=PROSES),
        ),
    ),
    "asisten": (
        rhk(
            "Terkoordinasinya perumusan kebijakan bidang {focus}",
            iki("Jumlah rekomendasi kebijakan {focus} yang ditetapkan", 6, "rekomendasi", p=PROSES),
            iki("Persentase perangkat daerah binaan yang mencapai target IKU", 85, "%", p=PROSES),
        ),
        rhk(
            "Meningkatnya kualitas koordinasi dan evaluasi bidang {focus}",
            iki(
                "Jumlah rapat koordinasi dan evaluasi yang dilaksanakan", 12, "kegiatan", p=INTERNAL
            ),
            iki("Persentase tindak lanjut hasil rapat koordinasi", 90, "%", KUALITAS, p=INTERNAL),
        ),
        _AKUNTABILITAS,
    ),
    "pendidikan": (
        rhk(
            "Meningkatnya akses dan pemerataan layanan pendidikan dasar",
            iki("Angka Partisipasi Murni (APM) SD/MI", 98, "%", p=LAYANAN),
            iki("Angka Partisipasi Murni (APM) SMP/MTs", 82, "%", p=LAYANAN),
            iki("Persentase anak usia 5-6 tahun yang mengikuti PAUD", 80, "%", p=LAYANAN),
        ),
        rhk(
            "Meningkatnya mutu pembelajaran di satuan pendidikan",
            iki(
                "Persentase satuan pendidikan dengan capaian literasi minimum baik",
                75,
                "%",
                KUALITAS,
                p=LAYANAN,
            ),
            iki(
                "Persentase satuan pendidikan dengan capaian numerasi minimum baik",
                70,
                "%",
                KUALITAS,
                p=LAYANAN,
            ),
        ),
        rhk(
            "Meningkatnya kualitas pendidik dan tenaga kependidikan",
            iki("Persentase guru yang memiliki sertifikat pendidik", 85, "%", p=PROSES),
            iki("Jumlah guru yang mengikuti pelatihan Kurikulum Merdeka", 600, "orang", p=INTERNAL),
        ),
        _AKUNTABILITAS,
    ),
    "kesehatan": (
        rhk(
            "Meningkatnya derajat kesehatan masyarakat Kota Pontianak",
            iki("Cakupan imunisasi dasar lengkap (IDL) bayi 0-11 bulan", 100, "%", p=LAYANAN),
            iki("Prevalensi balita stunting", 14, "%", lower=True, p=LAYANAN),
            iki("Angka kematian ibu", 80, "per 100.000 KH", lower=True, p=LAYANAN),
        ),
        rhk(
            "Meningkatnya mutu dan akses pelayanan kesehatan dasar",
            iki("Persentase puskesmas terakreditasi paripurna", 80, "%", KUALITAS, p=PROSES),
            iki(
                "Indeks kepuasan masyarakat terhadap layanan puskesmas",
                85,
                "nilai",
                KUALITAS,
                p=LAYANAN,
            ),
        ),
        rhk(
            "Meningkatnya pengendalian penyakit menular dan tidak menular",
            iki("Persentase kasus tuberkulosis yang diobati sampai sembuh", 90, "%", p=LAYANAN),
            iki(
                "Persentase penderita hipertensi yang mendapat pelayanan sesuai standar",
                100,
                "%",
                p=LAYANAN,
            ),
        ),
        _AKUNTABILITAS,
    ),
    "rsud": (
        rhk(
            "Meningkatnya mutu pelayanan rumah sakit",
            iki("Bed Occupancy Rate (BOR)", 75, "%", p=PROSES),
            iki("Indeks kepuasan pasien", 85, "nilai", KUALITAS, p=LAYANAN),
            iki(
                "Persentase pemenuhan standar pelayanan minimal rumah sakit",
                90,
                "%",
                KUALITAS,
                p=LAYANAN,
            ),
        ),
        rhk(
            "Meningkatnya keselamatan pasien",
            iki("Angka kejadian infeksi daerah operasi", 2, "%", lower=True, p=PROSES),
            iki("Waktu tanggap pelayanan gawat darurat", 5, "menit", WAKTU, lower=True, p=LAYANAN),
        ),
        rhk(
            "Meningkatnya kemandirian keuangan BLUD",
            iki("Cost recovery rate", 90, "%", BIAYA, p=ANGGARAN),
            iki(
                "Persentase klaim BPJS Kesehatan yang dibayar tepat waktu",
                95,
                "%",
                WAKTU,
                p=ANGGARAN,
            ),
        ),
        _AKUNTABILITAS,
    ),
    "kepegawaian": (
        rhk(
            "Meningkatnya profesionalitas ASN Pemerintah Kota Pontianak",
            iki("Indeks Profesionalitas ASN", 75, "nilai", KUALITAS, p=LAYANAN),
            iki("Persentase ASN yang memenuhi 20 JP pengembangan kompetensi", 80, "%", p=LAYANAN),
        ),
        rhk(
            "Meningkatnya kualitas penerapan sistem merit",
            iki("Nilai penilaian sistem merit KASN", 300, "nilai", KUALITAS, p=PROSES),
            iki(
                "Persentase jabatan yang diisi melalui seleksi terbuka atau uji kompetensi",
                100,
                "%",
                p=PROSES,
            ),
        ),
        rhk(
            "Meningkatnya kualitas layanan administrasi kepegawaian",
            iki(
                "Persentase usulan kenaikan pangkat yang diproses tepat waktu",
                100,
                "%",
                WAKTU,
                p=LAYANAN,
            ),
            iki(
                "Persentase ASN dengan SKP dan penilaian kinerja pada e-Kinerja", 100, "%", p=PROSES
            ),
        ),
        _AKUNTABILITAS,
    ),
    "perencanaan": (
        rhk(
            "Meningkatnya kualitas perencanaan pembangunan daerah",
            iki("Persentase keselarasan program RKPD dengan RPJMD", 100, "%", KUALITAS, p=PROSES),
            iki("Nilai evaluasi dokumen perencanaan daerah", 85, "nilai", KUALITAS, p=PROSES),
        ),
        rhk(
            "Meningkatnya kualitas pengendalian dan evaluasi pembangunan",
            iki("Jumlah laporan evaluasi kinerja pembangunan daerah", 4, "laporan", p=PROSES),
            iki(
                "Persentase rekomendasi evaluasi yang ditindaklanjuti perangkat daerah",
                80,
                "%",
                p=LAYANAN,
            ),
        ),
        rhk(
            "Meningkatnya pemanfaatan riset dan inovasi daerah",
            iki("Jumlah inovasi daerah yang diterapkan", 25, "unit", p=LAYANAN),
            iki("Indeks Inovasi Daerah", 60, "nilai", KUALITAS, p=PROSES),
        ),
        _AKUNTABILITAS,
    ),
    "kominfo": (
        rhk(
            "Meningkatnya penerapan Sistem Pemerintahan Berbasis Elektronik (SPBE)",
            iki("Indeks SPBE Kota Pontianak", 3.5, "indeks", KUALITAS, p=PROSES),
            iki("Persentase layanan publik yang tersedia secara daring", 75, "%", p=LAYANAN),
        ),
        rhk(
            "Meningkatnya keterbukaan informasi publik",
            iki("Nilai indeks keterbukaan informasi publik", 85, "nilai", KUALITAS, p=LAYANAN),
            iki(
                "Jumlah berita dan konten informasi publik yang dipublikasikan",
                1500,
                "berita",
                p=LAYANAN,
            ),
        ),
        rhk(
            "Meningkatnya kualitas data statistik sektoral dan keamanan informasi",
            iki("Persentase perangkat daerah yang menyampaikan data sektoral", 100, "%", p=PROSES),
            iki("Jumlah insiden keamanan informasi yang tertangani", 24, "kasus", p=INTERNAL),
        ),
        _AKUNTABILITAS,
    ),
    "perhubungan": (
        rhk(
            "Meningkatnya kelancaran dan keselamatan lalu lintas",
            iki("Rata-rata kecepatan perjalanan pada ruas jalan utama", 25, "km/jam", p=LAYANAN),
            iki("Persentase simpang bersinyal yang berfungsi baik", 95, "%", KUALITAS, p=PROSES),
        ),
        rhk(
            "Meningkatnya kelaikan kendaraan angkutan umum dan barang",
            iki("Jumlah kendaraan yang lulus uji berkala", 9000, "kendaraan", p=LAYANAN),
            iki("Persentase kendaraan wajib uji yang diuji tepat waktu", 85, "%", WAKTU, p=LAYANAN),
        ),
        rhk(
            "Meningkatnya pendapatan dan ketertiban parkir",
            iki("Realisasi retribusi parkir tepi jalan umum", 95, "%", BIAYA, p=ANGGARAN),
            iki("Jumlah titik parkir yang menerapkan pembayaran nontunai", 40, "titik", p=PROSES),
        ),
        _AKUNTABILITAS,
    ),
    "lingkungan": (
        rhk(
            "Meningkatnya kualitas lingkungan hidup Kota Pontianak",
            iki("Indeks Kualitas Lingkungan Hidup", 62, "nilai", KUALITAS, p=LAYANAN),
            iki("Indeks Kualitas Air sungai dan parit", 55, "nilai", KUALITAS, p=LAYANAN),
        ),
        rhk(
            "Meningkatnya pengelolaan sampah",
            iki("Persentase sampah yang tertangani", 85, "%", p=LAYANAN),
            iki("Persentase pengurangan sampah melalui bank sampah dan TPS3R", 25, "%", p=PROSES),
            iki(
                "Jumlah sampah yang ditimbun di TPA Batu Layang",
                120000,
                "ton",
                lower=True,
                p=PROSES,
            ),
        ),
        rhk(
            "Meningkatnya ketaatan usaha terhadap izin lingkungan",
            iki("Persentase usaha/kegiatan yang taat izin lingkungan", 80, "%", p=PROSES),
        ),
        _AKUNTABILITAS,
    ),
    "pupr": (
        rhk(
            "Meningkatnya kualitas infrastruktur jalan dan jembatan",
            iki("Persentase panjang jalan kota dalam kondisi mantap", 88, "%", KUALITAS, p=LAYANAN),
            iki("Panjang jalan yang ditingkatkan", 12, "km", p=LAYANAN),
        ),
        rhk(
            "Menurunnya luas genangan di Kota Pontianak",
            iki("Luas genangan saat hujan lebat", 120, "hektare", lower=True, p=LAYANAN),
            iki("Panjang saluran drainase dan parit yang dinormalisasi", 20000, "meter", p=PROSES),
        ),
        rhk(
            "Meningkatnya ketertiban pemanfaatan ruang dan bangunan",
            iki("Persentase PBG yang diterbitkan sesuai standar waktu", 90, "%", WAKTU, p=LAYANAN),
            iki("Persentase kesesuaian pemanfaatan ruang dengan RTRW", 85, "%", KUALITAS, p=PROSES),
        ),
        _AKUNTABILITAS,
    ),
    "satpolpp": (
        rhk(
            "Meningkatnya ketenteraman dan ketertiban umum",
            iki("Persentase gangguan trantibum yang tertangani", 100, "%", p=LAYANAN),
            iki("Persentase pelanggaran Perda yang ditindaklanjuti", 90, "%", p=LAYANAN),
        ),
        rhk(
            "Meningkatnya kesiapsiagaan perlindungan masyarakat",
            iki("Jumlah anggota Satlinmas yang terlatih", 400, "orang", p=INTERNAL),
            iki("Persentase kelurahan dengan Satlinmas aktif", 100, "%", p=PROSES),
        ),
        _AKUNTABILITAS,
    ),
}

# Unit heads (kepala bidang/bagian/seksi/subbagian/UPT, camat, lurah, kepala sekolah) by topic.
TOPICS: dict[str, tuple[Rhk, ...]] = {
    "umum": (
        rhk(
            "Terkelolanya administrasi umum, persuratan dan kepegawaian {unit}",
            iki("Persentase surat yang diproses melalui SRIKANDI", 100, "%"),
            iki("Persentase usulan layanan kepegawaian yang diproses tepat waktu", 100, "%", WAKTU),
            aksi=(
                "Memantau penatausahaan surat melalui SRIKANDI",
                "Memverifikasi usulan kenaikan pangkat dan cuti pegawai",
            ),
        ),
        rhk(
            "Tersedianya sarana dan prasarana kantor yang layak",
            iki("Persentase barang milik daerah yang tercatat dan terpelihara", 100, "%", KUALITAS),
            aksi=("Melaksanakan inventarisasi barang milik daerah",),
        ),
    ),
    "keuangan": (
        rhk(
            "Terkelolanya administrasi keuangan {unit} secara tertib dan akuntabel",
            iki("Persentase SPJ yang diverifikasi tepat waktu", 100, "%", WAKTU),
            iki("Jumlah laporan keuangan yang disusun", 14, "laporan"),
            aksi=(
                "Memverifikasi SPJ belanja bulan berjalan",
                "Menyusun laporan realisasi anggaran",
            ),
        ),
        rhk(
            "Tertindaklanjutinya temuan pemeriksaan keuangan",
            iki("Persentase temuan BPK dan Inspektorat yang ditindaklanjuti", 100, "%"),
            aksi=("Mengoordinasikan tindak lanjut temuan pemeriksaan",),
        ),
    ),
    "perencanaan": (
        rhk(
            "Tersusunnya dokumen perencanaan dan pelaporan kinerja {unit}",
            iki("Jumlah dokumen perencanaan dan pelaporan yang disusun", 6, "dokumen"),
            iki("Dokumen disampaikan sesuai jadwal", 12, "bulan", WAKTU),
            aksi=(
                "Menyusun laporan capaian kinerja bulanan",
                "Mengompilasi data realisasi program",
                "Menyiapkan bahan rapat evaluasi kinerja",
            ),
        ),
    ),
    "imunisasi": (
        rhk(
            "Meningkatnya cakupan imunisasi dasar lengkap",
            iki("Cakupan imunisasi dasar lengkap bayi 0-11 bulan", 100, "%"),
            iki("Angka drop out DPT-HB-Hib1 ke DPT-HB-Hib3", 5, "%", KUALITAS, lower=True),
            aksi=(
                "Memantau cakupan imunisasi per puskesmas",
                "Melaksanakan sweeping imunisasi di kelurahan dengan cakupan rendah",
            ),
        ),
        rhk(
            "Terlaksananya surveilans penyakit potensial KLB",
            iki("Persentase laporan mingguan EWARS yang tepat waktu", 90, "%", WAKTU),
            iki("Persentase sinyal KLB yang direspons kurang dari 24 jam", 100, "%", KUALITAS),
            aksi=(
                "Menganalisis laporan mingguan EWARS",
                "Melakukan penyelidikan epidemiologi sinyal KLB",
            ),
        ),
    ),
    "penyakit_menular": (
        rhk(
            "Meningkatnya penemuan dan pengobatan kasus tuberkulosis",
            iki("Jumlah terduga TBC yang mendapat pemeriksaan", 9000, "orang"),
            iki("Persentase pasien TBC yang menyelesaikan pengobatan", 90, "%", KUALITAS),
            aksi=(
                "Melaksanakan investigasi kontak TBC bersama puskesmas",
                "Memantau kepatuhan minum obat pasien TBC",
            ),
        ),
        rhk(
            "Terkendalinya kasus demam berdarah dengue",
            iki("Angka bebas jentik", 95, "%"),
            iki("Incidence rate DBD", 40, "per 100.000 penduduk", lower=True),
            aksi=(
                "Mengoordinasikan pemeriksaan jentik berkala",
                "Melaksanakan fogging fokus pada kasus terkonfirmasi",
            ),
        ),
    ),
    "ptm": (
        rhk(
            "Meningkatnya deteksi dini penyakit tidak menular",
            iki("Jumlah penduduk usia 15 tahun ke atas yang diskrining PTM", 60000, "orang"),
            iki(
                "Persentase penderita diabetes melitus yang mendapat pelayanan sesuai standar",
                100,
                "%",
            ),
            aksi=(
                "Melaksanakan skrining PTM di Posbindu",
                "Merekap hasil skrining PTM per puskesmas",
            ),
        ),
    ),
    "gizi": (
        rhk(
            "Menurunnya prevalensi balita stunting",
            iki("Prevalensi balita stunting", 14, "%", lower=True),
            iki("Persentase ibu hamil KEK yang mendapat makanan tambahan", 100, "%"),
            aksi=(
                "Memantau hasil penimbangan balita di posyandu",
                "Melaksanakan pendampingan keluarga berisiko stunting",
            ),
        ),
        rhk(
            "Meningkatnya pelayanan kesehatan ibu dan anak",
            iki("Cakupan kunjungan ibu hamil K6", 100, "%"),
            iki("Persentase persalinan di fasilitas kesehatan", 100, "%"),
            aksi=("Melakukan audit maternal perinatal", "Memantau kohort ibu hamil"),
        ),
    ),
    "promkes": (
        rhk(
            "Meningkatnya perilaku hidup bersih dan sehat masyarakat",
            iki("Persentase rumah tangga ber-PHBS", 75, "%"),
            iki("Jumlah kegiatan promosi kesehatan yang dilaksanakan", 48, "kegiatan"),
            aksi=(
                "Melaksanakan penyuluhan PHBS di sekolah dan kelurahan",
                "Memproduksi materi promosi kesehatan",
            ),
        ),
    ),
    "kesling": (
        rhk(
            "Meningkatnya kualitas kesehatan lingkungan",
            iki("Persentase tempat pengelolaan pangan yang memenuhi syarat", 75, "%", KUALITAS),
            iki("Jumlah kelurahan Stop Buang Air Besar Sembarangan", 29, "desa"),
            aksi=("Melaksanakan inspeksi kesehatan lingkungan", "Memverifikasi kelurahan ODF"),
        ),
    ),
    "yankes": (
        rhk(
            "Meningkatnya mutu pelayanan kesehatan primer dan rujukan",
            iki("Persentase puskesmas terakreditasi paripurna", 80, "%", KUALITAS),
            iki("Persentase rujukan non-spesialistik dari puskesmas", 2, "%", lower=True),
            aksi=(
                "Melaksanakan pendampingan akreditasi puskesmas",
                "Memantau rasio rujukan non-spesialistik",
            ),
        ),
        rhk(
            "Meningkatnya cakupan jaminan kesehatan penduduk",
            iki("Persentase penduduk yang terdaftar JKN", 98, "%"),
            aksi=("Memverifikasi data PBI daerah bersama Dinas Sosial",),
        ),
    ),
    "sdk": (
        rhk(
            "Terpenuhinya obat, alat kesehatan dan tenaga kesehatan di fasilitas kesehatan",
            iki("Persentase ketersediaan obat esensial di puskesmas", 95, "%"),
            iki("Persentase puskesmas dengan sembilan jenis tenaga kesehatan lengkap", 85, "%"),
            aksi=(
                "Memantau ketersediaan obat di instalasi farmasi",
                "Memetakan kebutuhan tenaga kesehatan",
            ),
        ),
    ),
    "puskesmas": (
        rhk(
            "Terselenggaranya pelayanan kesehatan dasar di wilayah kerja {unit}",
            iki("Jumlah kunjungan pasien rawat jalan", 18000, "pasien"),
            iki("Cakupan imunisasi dasar lengkap di wilayah kerja", 100, "%"),
            iki("Indeks kepuasan masyarakat terhadap layanan puskesmas", 85, "nilai", KUALITAS),
            aksi=(
                "Memimpin lokakarya mini bulanan puskesmas",
                "Memantau capaian SPM kesehatan di wilayah kerja",
            ),
        ),
        rhk(
            "Meningkatnya mutu layanan dan keselamatan pasien {unit}",
            iki("Persentase indikator mutu nasional yang tercapai", 90, "%", KUALITAS),
            aksi=("Melaksanakan audit internal mutu layanan",),
        ),
    ),
    "rsud_medis": (
        rhk(
            "Meningkatnya mutu pelayanan medis {focus}",
            iki("Persentase kepatuhan terhadap clinical pathway", 85, "%", KUALITAS),
            iki("Waktu tunggu rawat jalan", 60, "menit", WAKTU, lower=True),
            aksi=(
                "Memantau kepatuhan DPJP terhadap clinical pathway",
                "Mengevaluasi waktu tunggu poliklinik",
            ),
        ),
    ),
    "rsud_keperawatan": (
        rhk(
            "Meningkatnya mutu asuhan keperawatan",
            iki("Persentase kepatuhan identifikasi pasien", 100, "%", KUALITAS),
            iki("Persentase pasien risiko jatuh yang mendapat intervensi pencegahan", 100, "%"),
            aksi=(
                "Melaksanakan supervisi asuhan keperawatan di ruang rawat",
                "Mengaudit dokumentasi keperawatan",
            ),
        ),
    ),
    "rsud_penunjang": (
        rhk(
            "Meningkatnya keandalan layanan penunjang {focus}",
            iki("Waktu tunggu hasil laboratorium", 140, "menit", WAKTU, lower=True),
            iki("Persentase kelengkapan rekam medis dalam 24 jam", 100, "%", KUALITAS),
            aksi=("Memantau waktu tunggu hasil penunjang", "Mengevaluasi kelengkapan rekam medis"),
        ),
    ),
    "sekolah": (
        rhk(
            "Meningkatnya mutu pembelajaran di {unit}",
            iki(
                "Persentase peserta didik yang mencapai kompetensi minimum literasi",
                75,
                "%",
                KUALITAS,
            ),
            iki(
                "Persentase peserta didik yang mencapai kompetensi minimum numerasi",
                70,
                "%",
                KUALITAS,
            ),
            aksi=("Melaksanakan supervisi akademik guru", "Memimpin rapat refleksi hasil asesmen"),
        ),
        rhk(
            "Terkelolanya {unit} sesuai standar nasional pendidikan",
            iki("Nilai rapor pendidikan satuan pendidikan", 75, "nilai", KUALITAS),
            iki("Persentase dana BOSP yang dipertanggungjawabkan tepat waktu", 100, "%", WAKTU),
            aksi=(
                "Menyusun RKAS berbasis rapor pendidikan",
                "Mempertanggungjawabkan penggunaan dana BOSP",
            ),
        ),
    ),
    "pendidikan_bidang": (
        rhk(
            "Meningkatnya mutu layanan {focus}",
            iki(
                "Persentase satuan pendidikan yang memenuhi standar pelayanan minimal",
                90,
                "%",
                KUALITAS,
            ),
            iki("Jumlah satuan pendidikan yang dibina", 60, "sekolah"),
            aksi=(
                "Melaksanakan pembinaan satuan pendidikan",
                "Memantau tindak lanjut rapor pendidikan",
            ),
        ),
    ),
    "kecamatan": (
        rhk(
            "Terselenggaranya pelayanan publik dan pemerintahan di {unit}",
            iki("Indeks kepuasan masyarakat terhadap PATEN kecamatan", 85, "nilai", KUALITAS),
            iki("Jumlah layanan administrasi yang diselesaikan", 4000, "dokumen"),
            aksi=("Memimpin rapat koordinasi kelurahan", "Memantau penyelesaian layanan PATEN"),
        ),
        rhk(
            "Meningkatnya partisipasi masyarakat dalam pembangunan di {unit}",
            iki("Persentase usulan Musrenbang kelurahan yang terakomodasi", 60, "%"),
            iki("Jumlah kegiatan pemberdayaan masyarakat", 24, "kegiatan"),
            aksi=(
                "Memfasilitasi Musrenbang kecamatan",
                "Memantau kegiatan pemberdayaan masyarakat",
            ),
        ),
        rhk(
            "Terjaganya ketenteraman dan ketertiban umum di {unit}",
            iki("Persentase gangguan trantibum yang ditangani", 100, "%"),
            aksi=("Mengoordinasikan patroli trantibum bersama Forkopimcam",),
        ),
    ),
    "kelurahan": (
        rhk(
            "Terselenggaranya pelayanan administrasi di {unit}",
            iki("Jumlah surat keterangan yang diterbitkan", 1200, "dokumen"),
            iki("Persentase layanan selesai pada hari yang sama", 90, "%", WAKTU),
            aksi=(
                "Memantau layanan administrasi kelurahan",
                "Memverifikasi surat keterangan yang diterbitkan",
            ),
        ),
        rhk(
            "Meningkatnya pemberdayaan masyarakat dan kebersihan lingkungan {unit}",
            iki("Jumlah kegiatan gotong royong dan pemberdayaan masyarakat", 24, "kegiatan"),
            iki("Jumlah RT yang aktif mengelola bank sampah", 10, "unit"),
            aksi=("Menggerakkan gotong royong membersihkan parit", "Membina pengurus RT/RW"),
        ),
    ),
}

# Any unit head, for what the unit works on (``{focus}``).
GENERIC_UNIT: tuple[Rhk, ...] = (
    rhk(
        "Terlaksananya program dan kegiatan {focus} sesuai rencana kerja",
        iki("Persentase kegiatan {focus} yang terlaksana sesuai jadwal", 100, "%"),
        iki("Persentase realisasi anggaran kegiatan {focus}", 95, "%", BIAYA),
        aksi=(
            "Menyusun jadwal pelaksanaan kegiatan {focus}",
            "Memantau pelaksanaan kegiatan {focus} dan menindaklanjuti kendala",
            "Menyusun laporan realisasi fisik dan keuangan kegiatan {focus}",
        ),
    ),
    rhk(
        "Tersusunnya kebijakan teknis dan standar operasional {focus}",
        iki("Jumlah rancangan kebijakan dan SOP {focus} yang disusun", 3, "dokumen"),
        iki("Persentase SOP yang direviu tepat waktu", 100, "%", WAKTU),
        aksi=("Menyusun rancangan SOP {focus}", "Mereviu SOP {focus} bersama pelaksana"),
    ),
    rhk(
        "Meningkatnya kualitas layanan {focus}",
        iki("Nilai survei kepuasan pengguna layanan {focus}", 85, "nilai", KUALITAS),
        iki("Persentase pengaduan yang ditindaklanjuti paling lama 5 hari kerja", 100, "%", WAKTU),
        aksi=(
            "Menganalisis hasil survei kepuasan layanan",
            "Menindaklanjuti pengaduan pengguna layanan",
        ),
    ),
    rhk(
        "Tersedianya data dan laporan kinerja {focus} yang akurat",
        iki("Jumlah laporan kinerja {focus} yang disampaikan", 12, "laporan"),
        iki("Laporan disampaikan paling lambat tanggal 10 bulan berikutnya", 12, "bulan", WAKTU),
        aksi=("Memverifikasi data capaian kinerja {focus}", "Menyampaikan laporan kinerja bulanan"),
    ),
)
